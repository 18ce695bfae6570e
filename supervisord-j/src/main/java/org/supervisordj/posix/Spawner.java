package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import jnr.constants.platform.OpenFlags;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * Starts children with glibc's posix_spawn: own process group, clean signal mask and
 * dispositions, stdin on the given read end (or /dev/null), stdout/stderr on the given fds and no other fd inherited.
 */
public final class Spawner {
    // glibc <spawn.h> flags (not in jnr-constants; one reason HostSupport admits x86_64 glibc only).
    private static final short SETPGROUP = 0x02;
    private static final short SETSIGDEF = 0x04;
    private static final short SETSIGMASK = 0x08;
    private static final int O_RDONLY = OpenFlags.O_RDONLY.intValue();
    // glibc x86_64 sizes are 80 (file actions), 336 (attr) and 128 (sigset_t); round up for safety.
    private static final int FILE_ACTIONS_SIZE = 256;
    private static final int ATTR_SIZE = 512;
    private static final int SIGSET_SIZE = 128;

    /** Spawns {@code r} and returns the child's pid; the caller must record it before anything can fail. */
    public int spawn(SpawnRequest r) throws SpawnException {
        Launch launch = Launch.plan(r, C.geteuid());
        Pointer fa = Memory.allocateDirect(Libc.RUNTIME, FILE_ACTIONS_SIZE);
        Pointer attr = Memory.allocateDirect(Libc.RUNTIME, ATTR_SIZE);
        check("posix_spawn_file_actions_init", C.posix_spawn_file_actions_init(fa));
        try {
            check("posix_spawnattr_init", C.posix_spawnattr_init(attr));
            try {
                addFileActions(fa, r);
                setAttributes(attr);
                IntByReference pid = new IntByReference();
                int rc = C.posix_spawn(pid, launch.path(), fa, attr,
                        launch.argv().toArray(new String[0]), envp(r.env()));
                if (rc != 0) {
                    throw failure(rc, r, launch);
                }
                return pid.intValue();
            } finally {
                C.posix_spawnattr_destroy(attr);
            }
        } finally {
            C.posix_spawn_file_actions_destroy(fa);
        }
    }

    /**
     * Resolves {@code command} (argv[0]) exactly as {@link #spawn} will: on the child's PATH (ours when
     * null), relative paths against {@code directory} (null: our working directory). For {@code check}.
     *
     * @throws SpawnException with the spawnerr the daemon would report
     */
    public static String resolveCommand(String command, String childPath, String directory) throws SpawnException {
        return Launch.resolve(command, childPath, Path.of(directory == null ? "" : directory).toAbsolutePath());
    }

    private static void addFileActions(Pointer fa, SpawnRequest r) throws SpawnException {
        if (r.stdinFd() >= 0) {
            check("adddup2 stdin", C.posix_spawn_file_actions_adddup2(fa, r.stdinFd(), 0));
        } else {
            check("addopen /dev/null", C.posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0));
        }
        check("adddup2 stdout", C.posix_spawn_file_actions_adddup2(fa, r.stdoutFd(), 1));
        check("adddup2 stderr", C.posix_spawn_file_actions_adddup2(fa, r.stderrFd(), 2));
        List<Integer> listen = r.listenFds();
        // Sockets to 3, 4, ...: first each onto a number above every source, then down onto its own,
        // so a source that happens to be another's target (our fd 3 meant for the child's 4) is not
        // overwritten before it is copied. dup2 clears close-on-exec on the copy.
        int high = 3 + listen.size();
        for (int fd : listen) high = Math.max(high, fd + 1);
        for (int i = 0; i < listen.size(); i++) check("adddup2 socket", C.posix_spawn_file_actions_adddup2(fa, listen.get(i), high + i));
        for (int i = 0; i < listen.size(); i++) check("adddup2 socket", C.posix_spawn_file_actions_adddup2(fa, high + i, 3 + i));
        // After the dup2s (actions run in order): the JDK and jnr leave most of their fds
        // inheritable (jars, sockets, selector pipes), so close everything above the ones given.
        check("addclosefrom_np", C.posix_spawn_file_actions_addclosefrom_np(fa, 3 + listen.size()));
        if (r.directory() != null) {
            check("addchdir_np", C.posix_spawn_file_actions_addchdir_np(fa, r.directory()));
        }
    }

    private static void setAttributes(Pointer attr) throws SpawnException {
        Pointer set = Memory.allocateDirect(Libc.RUNTIME, SIGSET_SIZE);
        check("setpgroup", C.posix_spawnattr_setpgroup(attr, 0)); // 0 = new group, pgid == pid
        // Every JVM thread blocks SIGQUIT; without this the child would inherit the block.
        C.sigemptyset(set);
        check("setsigmask", C.posix_spawnattr_setsigmask(attr, set));
        // All 64 bits by hand: sigfillset skips 32/33, which glibc's spawn leaves SIG_IGN, and
        // SIG_IGN inherited from how the daemon was started (nohup, &) must not reach children.
        set.putLong(0, -1L);
        check("setsigdefault", C.posix_spawnattr_setsigdefault(attr, set));
        check("setflags", C.posix_spawnattr_setflags(attr, (short) (SETPGROUP | SETSIGMASK | SETSIGDEF)));
    }

    private static String[] envp(Map<String, String> env) {
        String[] envp = new String[env.size()];
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            envp[i++] = e.getKey() + "=" + e.getValue();
        }
        return envp;
    }

    // posix_spawn returns the errno of a failed chdir or exec in the child; chdir and exec both
    // report ENOENT, so look at the directory to tell which one failed.
    private static SpawnException failure(int errno, SpawnRequest r, Launch launch) {
        if (r.directory() != null && !Files.isDirectory(Path.of(r.directory()))) {
            return new SpawnException("couldn't chdir to " + r.directory() + ": " + Libc.errnoName(errno));
        }
        return new SpawnException("couldn't exec " + launch.path() + ": " + Libc.errnoName(errno));
    }

    private static void check(String step, int rc) throws SpawnException {
        if (rc != 0) { // these functions return the errno instead of setting it
            throw new SpawnException("couldn't spawn: posix_spawn " + step + ": " + Libc.errnoName(rc));
        }
    }
}
