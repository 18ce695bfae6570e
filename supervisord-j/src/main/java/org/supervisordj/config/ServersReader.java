package org.supervisordj.config;

import java.util.Locale;
import java.util.Map;

/** Reads {@code [unix_http_server]}, {@code [inet_http_server]} and {@code [supervisorctl]}. */
final class ServersReader {
    private final ConfigLoader.Options options;
    private final Problems problems;
    private final Map<String, Object> envNames;

    ServersReader(ConfigLoader.Options options, Problems problems, Map<String, Object> envNames) {
        this.options = options;
        this.problems = problems;
        this.envNames = envNames;
    }

    HttpServerConfig unix(MergedSection s) {
        SectionReader r = new SectionReader(s, problems);
        String file = r.typed("file", envNames, Datatypes::path);
        if (file == null && !r.failed()) r.error("file", "section [unix_http_server] has no file value");
        Integer chmod = r.typed("chmod", envNames, Datatypes::fileMode);
        String chown = r.expanded("chown", envNames);
        if (chown != null) {
            String owner = chown.contains(":") ? chown.substring(0, chown.indexOf(':')) : chown;
            String group = chown.contains(":") ? chown.substring(chown.indexOf(':') + 1) : null;
            owner = r.convert("chown", owner, Datatypes::userName);
            if (group != null && r.convert("chown", group, Datatypes::userName) == null) owner = null;
            if (owner != null && !HostChecks.userExists(owner)) {
                r.hostDependent("chown", "Invalid sockchown value " + chown);
            }
        }
        String[] credentials = credentials(r);
        if (r.failed()) return null;
        String path = options.cwd().resolve(HostChecks.expandUser(file.strip())).normalize().toString();
        return new HttpServerConfig(path, chmod, chown, null, 0, credentials[0], credentials[1]);
    }

    HttpServerConfig inet(MergedSection s) {
        SectionReader r = new SectionReader(s, problems);
        String port = r.expanded("port", envNames);
        if (port == null && !r.failed()) r.error("port", "section [inet_http_server] has no port value");
        String[] credentials = credentials(r);
        if (r.failed()) return null;
        String host = "";
        String portText = port.strip();
        if (portText.contains(":")) {
            host = portText.substring(0, portText.lastIndexOf(':')).toLowerCase(Locale.ROOT);
            portText = portText.substring(portText.lastIndexOf(':') + 1);
        }
        if (host.equals("*")) host = "";
        Integer number = r.convert("port", portText, ServersReader::portNumber);
        if (number == null) return null;
        if (!isLoopback(host) && credentials[0] == null) {
            r.warning("port", "listens on " + (host.isEmpty() ? "every interface" : host) + " without username and "
                    + "password; supervisord-j refuses to serve TCP beyond loopback without credentials");
        }
        TlsConfig tls = tls(r);
        if (r.failed()) return null;
        return new HttpServerConfig(null, 0, null, host, number, credentials[0], credentials[1], tls);
    }

    /** certfile + keyfile (PEM) or keystore (+ keystore_password); not both, not half of a pair. */
    private TlsConfig tls(SectionReader r) {
        String cert = r.typed("certfile", envNames, Datatypes::path);
        String key = r.typed("keyfile", envNames, Datatypes::path);
        String keystore = r.typed("keystore", envNames, Datatypes::path);
        String password = r.expanded("keystore_password", envNames);
        if (cert == null && key == null && keystore == null) {
            if (password != null) r.error("keystore_password", "keystore_password without keystore");
            return null;
        }
        if (keystore != null && (cert != null || key != null)) {
            r.error("keystore", "use either keystore= or certfile= and keyfile=, not both");
        } else if (keystore == null && (cert == null || key == null)) {
            r.error(cert == null ? "keyfile" : "certfile", "certfile= and keyfile= go together");
        }
        String[][] files = {{"certfile", cert}, {"keyfile", key}, {"keystore", keystore}};
        for (String[] f : files) {
            if (f[1] != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(f[1]))) {
                r.hostDependent(f[0], f[1] + " is not a readable file");
            }
        }
        return new TlsConfig(cert, key, keystore, password);
    }

    SupervisorctlConfig supervisorctl(MergedSection s) {
        SectionReader r = new SectionReader(s, problems);
        String serverurl = r.expanded("serverurl", envNames);
        String username = r.expanded("username", envNames);
        String password = r.expanded("password", envNames);
        String prompt = r.expanded("prompt", envNames);
        String history = r.expanded("history_file", envNames);
        return r.failed() ? null : new SupervisorctlConfig(serverurl, username, password, prompt, history);
    }

    private String[] credentials(SectionReader r) {
        String username = r.expanded("username", envNames);
        String password = r.expanded("password", envNames);
        if ((username == null) != (password == null)) {
            r.error(username == null ? "password" : "username", "Section [" + r.sectionName() + "] contains incomplete "
                    + "authentication: If a username or a password is specified, both the username and password must "
                    + "be specified");
        }
        return new String[] {username, password};
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static int portNumber(String text) {
        int port;
        try {
            port = Datatypes.integer(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid port number: '" + text + "'");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("not a valid port number: " + port);
        return port;
    }
}
