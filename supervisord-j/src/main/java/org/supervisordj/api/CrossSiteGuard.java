package org.supervisordj.api;

import org.eclipse.jetty.server.Request;

/**
 * Keeps web pages from acting through a browser that can reach the daemon (cross-site request
 * forgery). A browser remembers Basic credentials and sends them with any form a page submits, so
 * credentials alone do not tell the dashboard's POSTs from another site's. Browsers mark what they
 * send (Origin, Sec-Fetch-*); a request so marked that changes something must carry
 * {@value #HEADER}, which a form cannot set and a cross-origin script can only set after a CORS
 * preflight the daemon never grants. Clients that are not browsers (ctl, curl, supervisorctl) send
 * no such marks and are not affected.
 */
final class CrossSiteGuard {

    /** The header the dashboard sends with every POST. */
    static final String HEADER = "X-Requested-With";

    private CrossSiteGuard() {
    }

    /** Throws FORBIDDEN for a browser's state-changing request that did not come from a page of this origin. */
    static void check(Request request) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) return; // no route changes anything on these
        var headers = request.getHeaders();
        String site = headers.get("Sec-Fetch-Site");
        if ("cross-site".equals(site) || "same-site".equals(site)) {
            throw new ApiException(ApiFault.FORBIDDEN, "refused a " + site + " request from a browser");
        }
        boolean browser = site != null || headers.get("Origin") != null || headers.get("Sec-Fetch-Mode") != null;
        if (browser && headers.get(HEADER) == null) {
            throw new ApiException(ApiFault.FORBIDDEN, "a browser's " + method + " must carry the " + HEADER
                    + " header (cross-site request forgery protection)");
        }
    }
}
