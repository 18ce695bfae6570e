package org.supervisordj.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.supervisordj.config.ConfigProblem;
import org.supervisordj.config.IniDocument;
import org.supervisordj.config.IniEntry;
import org.supervisordj.config.IniParser;
import org.supervisordj.config.IniSection;
import org.supervisordj.logging.Reason;

/**
 * {@code --servers FILE}: one INI section per server, its name the HOST column, with
 * {@code url} and optionally {@code username} and {@code password}. A file holding a password
 * that its group or others can read is refused, as ssh refuses such a key.
 */
final class ServersFile {
    private static final Set<String> KEYS = Set.of("url", "username", "password");

    private ServersFile() {
    }

    /**
     * One server of the file.
     *
     * @param name     the section name
     * @param url      its URL
     * @param username its username, or null for -u, the environment or -c
     * @param password its password, or null likewise
     */
    record Entry(String name, String url, String username, String password) {
    }

    /** Reads the file; anything wrong is a CtlException naming the file (and line and key). */
    static List<Entry> read(Path file) {
        IniDocument doc;
        try {
            doc = IniParser.parse(file);
        } catch (IOException e) {
            throw new CtlException(ExitStatus.INVALID_ARGS, "could not read " + file + ": " + Reason.of(e));
        }
        for (ConfigProblem p : doc.problems()) {
            if (p.isError()) throw new CtlException(ExitStatus.INVALID_ARGS, p.toString());
        }
        List<Entry> entries = new ArrayList<>();
        boolean secrets = false;
        for (IniSection s : doc.sections()) {
            Map<String, IniEntry> keys = new LinkedHashMap<>();
            for (IniEntry e : s.entries()) {
                if (!KEYS.contains(e.key())) {
                    throw new CtlException(ExitStatus.INVALID_ARGS, e.where() + ": unknown key '" + e.key()
                            + "' (a server has url, username, password)");
                }
                keys.put(e.key(), e);
            }
            if (!keys.containsKey("url")) {
                throw new CtlException(ExitStatus.INVALID_ARGS, file + ":" + s.line() + ": [" + s.name() + "] has no url");
            }
            ServerUrl.parse(keys.get("url").value()); // a bad URL is named here, before any server is asked
            secrets |= keys.containsKey("password");
            entries.add(new Entry(s.name(), keys.get("url").value().strip(), value(keys, "username"), value(keys, "password")));
        }
        if (entries.isEmpty()) throw new CtlException(ExitStatus.INVALID_ARGS, file + ": no servers (one [name] section each)");
        if (secrets) refuseIfOthersCanRead(file);
        return entries;
    }

    private static String value(Map<String, IniEntry> keys, String key) {
        IniEntry e = keys.get(key);
        return e == null ? null : e.value().strip();
    }

    private static void refuseIfOthersCanRead(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return; // a file system without modes: nothing to compare
        }
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            throw new CtlException(ExitStatus.INVALID_ARGS, file + " holds passwords and others can read it;"
                    + " chmod 600 " + file);
        }
    }
}
