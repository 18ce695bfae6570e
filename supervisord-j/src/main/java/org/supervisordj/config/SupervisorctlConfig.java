package org.supervisordj.config;

/** The {@code [supervisorctl]} section; the password is never printed. */
public record SupervisorctlConfig(String serverurl, String username, String password, String prompt,
                                  String historyFile) {
    @Override
    public String toString() {
        return "SupervisorctlConfig[serverurl=" + serverurl + ", username=" + username + "]";
    }
}
