package org.supervisordj.ctl;

import picocli.CommandLine.IVersionProvider;

/** The client's version, from the jar manifest when packaged. */
final class CtlVersion implements IVersionProvider {

    static String current() {
        String v = CtlVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"ctl (supervisord-j) " + current()};
    }
}
