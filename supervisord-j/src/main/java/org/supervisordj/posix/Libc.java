package org.supervisordj.posix;

import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;

/** Holds the loaded libc binding and reads errno after a failed call. */
final class Libc {
    static final Calls C = LibraryLoader.create(Calls.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(C);

    private Libc() {
    }

    /** Returns errno as left by the last call on this thread (jnr-ffi saves it right after the call). */
    static int errno() {
        return RUNTIME.getLastError();
    }

    /** Returns the symbolic name of an errno value, e.g. "ENOENT", or "errno 123" when unknown. */
    static String errnoName(int errno) {
        Errno e = Errno.valueOf(errno);
        return e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name();
    }

    /**
     * The glibc functions bound directly through jnr-ffi (x86_64 Linux, glibc 2.34 or newer).
     * Public only because jnr-ffi's generated class must see it; the enclosing class keeps it package-private.
     */
    public interface Calls {
        // posix_spawn family: bound raw because jnr-posix cannot set sigmask/sigdefault,
        // has no chdir/closefrom and drops the returned errno (spike-posix.md §2).
        int posix_spawn(@Out IntByReference pid, String path, Pointer fileActions, Pointer attr,
                        @In String[] argv, @In String[] envp);
        int posix_spawn_file_actions_init(Pointer fa);
        int posix_spawn_file_actions_destroy(Pointer fa);
        int posix_spawn_file_actions_addopen(Pointer fa, int fd, String path, int oflag, int mode);
        int posix_spawn_file_actions_adddup2(Pointer fa, int fd, int newfd);
        int posix_spawn_file_actions_addchdir_np(Pointer fa, String path);
        int posix_spawn_file_actions_addclosefrom_np(Pointer fa, int from);
        int posix_spawnattr_init(Pointer attr);
        int posix_spawnattr_destroy(Pointer attr);
        int posix_spawnattr_setflags(Pointer attr, short flags);
        int posix_spawnattr_setpgroup(Pointer attr, int pgroup);
        int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);
        int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);
        int sigemptyset(Pointer sigset);
        String gnu_get_libc_version();

        int waitid(int idtype, int id, Pointer infop, int options);
        int waitpid(int pid, @Out int[] status, int options);
        int kill(int pid, int sig);
        long signal(int sig, long handler); // only ever SIG_DFL (0): see ProcessSignals.restoreDefault
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);
        int getpid();
        int geteuid();
        int getuid();
        int initgroups(String user, int group);
        int setgid(int gid);
        int setuid(int uid);
        int umask(int mask);
        int getrlimit(int resource, @Out long[] rlim);
        int setrlimit(int resource, @In long[] rlim);

        int pipe2(@Out int[] fds, int flags);
        int close(int fd);
        int fcntl(int fd, int cmd, int arg);
        long write(int fd, @In byte[] buf, long count);

        // Listening sockets the daemon holds for its children (ListeningSockets).
        int socket(int domain, int type, int protocol);
        int setsockopt(int fd, int level, int name, @In int[] value, int length);
        int bind(int fd, Pointer address, int length);
        int listen(int fd, int backlog);
        int chmod(String path, int mode);
        int chown(String path, int uid, int gid);
    }
}
