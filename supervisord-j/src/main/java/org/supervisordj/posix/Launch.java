package org.supervisordj.posix;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The exact path and argv handed to posix_spawn: the resolved command plus the umask and user wrappers. */
record Launch(String path, List<String> argv) {
    static final String SETPRIV = "/usr/bin/setpriv";
    static final String SH = "/bin/sh";
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    /** Plans the launch of {@code r}, failing with supervisord's spawnerr wording. */
    static Launch plan(SpawnRequest r, int euid) throws SpawnException {
        Path base = Path.of(r.directory() == null ? "" : r.directory()).toAbsolutePath();
        String program = resolve(r.argv().get(0), r.env().get("PATH"), base);
        List<String> args = r.argv().subList(1, r.argv().size());

        List<String> argv = new ArrayList<>();
        if (r.user() != null) {
            argv.addAll(setprivPrefix(r.user(), euid));
        }
        List<String> shell = new ArrayList<>();
        if (r.umask() != null) {
            // posix_spawn has no umask action and umask(2) is process-wide, so a shell sets it
            // and then execs in place: same pid, no race with other threads.
            shell.add("umask 0" + Integer.toOctalString(r.umask()));
        }
        if (!r.listenFds().isEmpty()) {
            // LISTEN_PID must be the child's own pid, unknown until posix_spawn returns; the shell's $$
            // is it, and exec keeps it (as setpriv before it does). sd_listen_fds() checks it.
            shell.add("LISTEN_PID=$$");
            shell.add("export LISTEN_PID");
        }
        if (!shell.isEmpty()) {
            shell.add("exec \"$@\"");
            argv.addAll(List.of(SH, "-c", String.join(" && ", shell), "sh"));
        }
        if (argv.isEmpty()) {
            argv.add(r.argv().get(0)); // no wrapper: the program sees argv[0] as configured
            argv.addAll(args);
            return new Launch(program, List.copyOf(argv));
        }
        argv.add(program); // wrappers exec their argument, so it must be the resolved path
        argv.addAll(args);
        return new Launch(argv.get(0), List.copyOf(argv));
    }

    private static List<String> setprivPrefix(String user, int euid) throws SpawnException {
        Users.Account account = Users.lookup(user);
        if (account == null) {
            throw new SpawnException("unknown user '" + user + "'");
        }
        if (account.uid() == euid) {
            return List.of(); // already that user: nothing to switch, as in supervisord
        }
        if (euid != 0) {
            throw new SpawnException("can't run as user '" + user + "': supervisord-j is not running as root");
        }
        if (!Files.isExecutable(Path.of(SETPRIV))) {
            throw new SpawnException("can't run as user '" + user + "': " + SETPRIV + " not found");
        }
        // setpriv execs in place (runuser forks), so the pid we supervise stays the program's.
        return List.of(SETPRIV, "--reuid=" + account.uid(), "--regid=" + account.gid(), "--init-groups", "--");
    }

    /**
     * Resolves a command the way the child's execvp would, but on the child's PATH (falling back to
     * ours only when the environment has none), since posix_spawnp would search the daemon's PATH.
     */
    static String resolve(String command, String childPath, Path base) throws SpawnException {
        if (command.contains("/")) {
            String p = command.startsWith("/") ? command : base.resolve(command).normalize().toString();
            if (!runnable(p)) check(Path.of(p));
            return p;
        }
        String path = childPath != null ? childPath : System.getenv("PATH");
        String firstFound = null;
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
            String candidate = dir.startsWith("/") ? dir + "/" + command
                    : base.resolve(dir.isEmpty() ? "." : dir).resolve(command).normalize().toString();
            if (runnable(candidate)) {
                return candidate;
            }
            if (firstFound == null && new File(candidate).exists()) {
                firstFound = candidate;
            }
        }
        if (firstFound == null) {
            throw new SpawnException("can't find command '" + command + "'");
        }
        check(Path.of(firstFound)); // explains why the match is unusable
        return firstFound;
    }

    /**
     * The fast answer, two system calls on the restart path: a regular file we may execute. Only
     * when it says no does {@link #check} look closer, to say why.
     */
    private static boolean runnable(String path) {
        File f = new File(path);
        return f.isFile() && f.canExecute();
    }

    // supervisord's check_execv_args, same order and wording.
    private static void check(Path p) throws SpawnException {
        if (!Files.exists(p)) {
            throw new SpawnException("can't find command '" + p + "'");
        }
        if (Files.isDirectory(p)) {
            throw new SpawnException("command at '" + p + "' is a directory");
        }
        if (!anyExecuteBit(p)) {
            throw new SpawnException("command at '" + p + "' is not executable");
        }
        if (!Files.isExecutable(p)) {
            throw new SpawnException("no permission to run command '" + p + "'");
        }
    }

    private static boolean anyExecuteBit(Path p) throws SpawnException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException e) {
            throw new SpawnException("can't stat command '" + p + "': " + e.getMessage());
        }
    }
}
