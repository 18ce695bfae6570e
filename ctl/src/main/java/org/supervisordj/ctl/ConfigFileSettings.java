package org.supervisordj.ctl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.supervisordj.config.ConfigProblem;
import org.supervisordj.config.Expander;
import org.supervisordj.config.IniDocument;
import org.supervisordj.config.IniEntry;
import org.supervisordj.config.IniParser;
import org.supervisordj.config.IniSection;
import org.supervisordj.logging.Reason;

/**
 * What ctl takes from a {@code -c} file: the server URL and credentials, and the shell's prompt and
 * history file, read with the daemon's
 * own INI parser and {@code %(here)s} / {@code %(ENV_X)s} expansion. Only the root file is read
 * ({@code [include]} is not followed), and only the keys below.
 *
 * @param supervisorctlUrl      {@code [supervisorctl] serverurl}, or null
 * @param supervisorctlUsername {@code [supervisorctl] username}, or null
 * @param supervisorctlPassword {@code [supervisorctl] password}, or null
 * @param unixUrl               {@code unix://} + {@code [unix_http_server] file}, or null
 * @param unixUsername          {@code [unix_http_server] username}, or null
 * @param unixPassword          {@code [unix_http_server] password}, or null
 * @param inetUrl               {@code http(s)://} + {@code [inet_http_server] port}, or null
 * @param inetUsername          {@code [inet_http_server] username}, or null
 * @param inetPassword          {@code [inet_http_server] password}, or null
 * @param prompt                {@code [supervisorctl] prompt}, or null
 * @param historyFile           {@code [supervisorctl] history_file} as an absolute path, or null
 */
record ConfigFileSettings(String supervisorctlUrl, String supervisorctlUsername, String supervisorctlPassword,
                          String unixUrl, String unixUsername, String unixPassword,
                          String inetUrl, String inetUsername, String inetPassword,
                          String prompt, Path historyFile) {

    /**
     * Reads the file; an unreadable file, one the parser rejects anywhere (invalid UTF-8, a broken
     * line, a limit) or a bad expansion is a CtlException naming file and line. Falling back to the
     * default server instead would talk to whatever daemon listens there, perhaps another one.
     */
    static ConfigFileSettings read(Path file, Map<String, String> env) {
        IniDocument doc;
        try {
            doc = IniParser.parse(file);
        } catch (NoSuchFileException e) {
            throw new CtlException(ExitStatus.INVALID_ARGS, "could not read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CtlException(ExitStatus.INVALID_ARGS, "could not read " + file + ": permission denied");
        } catch (FileSystemException e) {
            throw new CtlException(ExitStatus.INVALID_ARGS, "could not read " + file + ": "
                    + (e.getReason() != null ? e.getReason() : "input/output error"));
        } catch (IOException e) {
            throw new CtlException(ExitStatus.INVALID_ARGS, "could not read " + file + ": " + Reason.of(e));
        }
        for (ConfigProblem p : doc.problems()) {
            if (p.isError()) throw new CtlException(ExitStatus.INVALID_ARGS, p.toString());
        }
        Map<String, Map<String, IniEntry>> sections = new HashMap<>();
        for (IniSection s : doc.sections()) {
            Map<String, IniEntry> entries = sections.computeIfAbsent(s.name(), k -> new HashMap<>());
            for (IniEntry e : s.entries()) entries.put(e.key(), e); // a repeated key: the last one wins
        }
        Map<String, IniEntry> ctl = sections.getOrDefault("supervisorctl", Map.of());
        Map<String, IniEntry> unix = sections.getOrDefault("unix_http_server", Map.of());
        Map<String, IniEntry> inet = sections.getOrDefault("inet_http_server", Map.of());

        String socket = value(unix, "file", env);
        String unixUrl;
        try {
            unixUrl = socket == null ? null : "unix://" + absolute(socket);
        } catch (InvalidPathException e) {
            throw new CtlException(ExitStatus.INVALID_ARGS, unix.get("file").where() + ": file: not a valid path");
        }
        String port = value(inet, "port", env);
        String inetUrl = null;
        if (port != null) {
            boolean tls = inet.containsKey("certfile") || inet.containsKey("keystore");
            inetUrl = (tls ? "https://" : "http://") + connectHost(port);
        }
        return new ConfigFileSettings(value(ctl, "serverurl", env), value(ctl, "username", env),
                value(ctl, "password", env), unixUrl, value(unix, "username", env), value(unix, "password", env),
                inetUrl, value(inet, "username", env), value(inet, "password", env),
                value(ctl, "prompt", env), historyFile(ctl, env));
    }

    // supervisorctl's normalize_path: ~ expanded, relative to the working directory; empty means none.
    private static Path historyFile(Map<String, IniEntry> ctl, Map<String, String> env) {
        String v = value(ctl, "history_file", env);
        if (v == null || v.isEmpty()) return null;
        try {
            return absolute(v);
        } catch (InvalidPathException e) {
            throw new CtlException(ExitStatus.INVALID_ARGS, ctl.get("history_file").where() + ": history_file: not a valid path");
        }
    }

    /** Returns {@code path} with a leading {@code ~} expanded, made absolute and normalized, as supervisorctl's paths. */
    static Path absolute(String path) {
        return Path.of(path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path)
                .toAbsolutePath().normalize();
    }

    /**
     * Turns {@code port=} into host:port to connect to: a wildcard or empty host means every
     * interface, so the client connects to loopback.
     */
    static String connectHost(String port) {
        String p = port.strip();
        int colon = p.lastIndexOf(':');
        String host = colon < 0 ? "" : p.substring(0, colon).toLowerCase(Locale.ROOT);
        String number = colon < 0 ? p : p.substring(colon + 1);
        if (host.isEmpty() || host.equals("*") || host.equals("0.0.0.0")) host = "localhost";
        if (host.equals("::")) host = "[::1]";
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        return host + ":" + number;
    }

    private static String value(Map<String, IniEntry> section, String key, Map<String, String> env) {
        IniEntry e = section.get(key);
        if (e == null) return null;
        Map<String, Object> names = new HashMap<>();
        names.put("here", e.here());
        for (Map.Entry<String, String> v : env.entrySet()) names.put("ENV_" + v.getKey(), v.getValue());
        try {
            return Expander.expand(e.value(), names).strip();
        } catch (IllegalArgumentException x) {
            throw new CtlException(ExitStatus.INVALID_ARGS, e.where() + ": " + key + ": " + x.getMessage());
        }
    }
}
