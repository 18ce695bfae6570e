package org.supervisordj.ctl;

import java.nio.file.Path;
import java.util.Map;

/**
 * The server ctl talks to and the credentials it sends, resolved in this order (first wins):
 * <ol>
 *   <li>{@code -s URL}</li>
 *   <li>{@code SUPERVISORD_J_SERVERURL}</li>
 *   <li>with {@code -c FILE}: {@code [supervisorctl] serverurl}, then {@code [unix_http_server] file},
 *       then {@code [inet_http_server] port}</li>
 *   <li>{@code unix:///run/supervisord-j.sock}, the packaged configuration's socket</li>
 * </ol>
 * Username and password each: {@code -u}/{@code -p}, then {@code SUPERVISORD_J_USERNAME}/
 * {@code SUPERVISORD_J_PASSWORD}, then {@code [supervisorctl] username/password}, then, when the URL
 * came from a {@code [*_http_server]} section, that section's (unless it is a {@code {SHA}} hash).
 *
 * <p>Flags beat the environment and the environment beats files, as in most CLIs; {@code -c}
 * names a file, so an exported SUPERVISORD_J_SERVERURL still wins over it.
 *
 * @param url      the server
 * @param username the username, or null to send no credentials
 * @param password the password, or null
 * @param source   where the URL came from, for {@code --help}-level diagnostics
 */
record ServerChoice(ServerUrl url, String username, String password, String source) {

    static final String DEFAULT_URL = "unix:///run/supervisord-j.sock";
    static final String ENV_URL = "SUPERVISORD_J_SERVERURL";
    static final String ENV_USERNAME = "SUPERVISORD_J_USERNAME";
    static final String ENV_PASSWORD = "SUPERVISORD_J_PASSWORD";

    /** Resolves the server; configFile null means no {@code -c}. */
    static ServerChoice resolve(String flagUrl, String flagUsername, String flagPassword, Path configFile,
                                Map<String, String> env) {
        ConfigFileSettings file = configFile == null ? null : ConfigFileSettings.read(configFile, env);
        String url;
        String source;
        String sectionUser = null;
        String sectionPassword = null;
        if (notBlank(flagUrl)) {
            url = flagUrl;
            source = "-s";
        } else if (notBlank(env.get(ENV_URL))) {
            url = env.get(ENV_URL);
            source = ENV_URL;
        } else if (file != null && notBlank(file.supervisorctlUrl())) {
            url = file.supervisorctlUrl();
            source = configFile + " [supervisorctl] serverurl";
        } else if (file != null && file.unixUrl() != null) {
            url = file.unixUrl();
            source = configFile + " [unix_http_server] file";
            sectionUser = file.unixUsername();
            sectionPassword = file.unixPassword();
        } else if (file != null && file.inetUrl() != null) {
            url = file.inetUrl();
            source = configFile + " [inet_http_server] port";
            sectionUser = file.inetUsername();
            sectionPassword = file.inetPassword();
        } else {
            url = DEFAULT_URL;
            source = "default";
        }
        if (sectionPassword != null && sectionPassword.startsWith("{SHA}")) {
            sectionUser = null; // a hash is no use to a client
            sectionPassword = null;
        }
        String username = first(flagUsername, env.get(ENV_USERNAME),
                file == null ? null : file.supervisorctlUsername(), sectionUser);
        String password = first(flagPassword, env.get(ENV_PASSWORD),
                file == null ? null : file.supervisorctlPassword(), sectionPassword);
        return new ServerChoice(ServerUrl.parse(url), username, password, source);
    }

    private static String first(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
