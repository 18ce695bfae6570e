package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import jnr.constants.platform.Errno;
import jnr.constants.platform.WaitFlags;

import java.lang.System.Logger.Level;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One daemon thread, "reaper", that learns of every child exit and makes sure each exited child
 * is reaped exactly once.
 *
 * <p>Why it peeks instead of reaping: once a pid is reaped the kernel may hand it to a new
 * process, so a SIGKILL escalation that is already due could hit a stranger. The thread therefore
 * only peeks ({@code waitid(WNOWAIT)}) and tells the {@link Listener}; the owner of the pid (the
 * engine) later calls {@link #reap(int)} on the same thread that sends signals, so "forget the
 * pid" and "free the pid" happen in one step. Until then the child stays a zombie and this thread
 * waits, because peeking again would return the same pid.
 */
public final class Reaper implements AutoCloseable {

    /** Hears of exited children on the reaper thread; must not block. */
    public interface Listener {
        /**
         * Called when {@code pid} has exited but is not yet reaped; return true to promise a call
         * to {@link Reaper#reap(int)} for it soon, false to let the reaper reap it quietly.
         *
         * <p>Returning false for a pid you spawned but have not recorded yet loses its exit, so
         * either make "spawn + record" atomic with respect to this method (one lock), or return
         * true for every pid and treat a null from {@code reap} as "not mine".
         */
        boolean childExited(int pid);
    }

    private static final System.Logger LOG = System.getLogger(Reaper.class.getName());
    private static final int P_ALL = 0; // idtype_t, not in jnr-constants
    private static final int WNOHANG = WaitFlags.WNOHANG.intValue();
    private static final int WEXITED = WaitFlags.WEXITED.intValue();
    private static final int WNOWAIT = WaitFlags.WNOWAIT.intValue();
    private static final int EINTR = Errno.EINTR.intValue();
    private static final int ECHILD = Errno.ECHILD.intValue();
    // siginfo_t on 64-bit Linux (HostSupport admits x86_64 only).
    private static final int SIGINFO_SIZE = 128;
    private static final int SI_PID_OFFSET = 16;
    // Safety net only: childSpawned() normally ends the wait at once.
    private static final long IDLE_WAIT_MILLIS = 1000;

    private final Listener listener;
    private final Object lock = new Object();
    private long spawnCount;    // guarded by lock
    private int awaitingReap;   // guarded by lock; pid promised by the listener, 0 if none
    private volatile boolean closed;
    private final Thread thread;

    /** Starts the reaper thread; use one Reaper per JVM, since it waits for every child. */
    public Reaper(Listener listener) {
        this.listener = listener;
        this.thread = new Thread(this::run, "reaper");
        thread.setDaemon(true);
        thread.start();
    }

    /** Tells the reaper a child now exists, ending its idle wait; call after every successful spawn. */
    public void childSpawned() {
        synchronized (lock) {
            spawnCount++;
            lock.notifyAll();
        }
    }

    /**
     * Reaps {@code pid} if it has exited and returns how it ended; returns null if it has not
     * exited or is not our child (already reaped, or glibc's own spawn helper).
     */
    public WaitStatus reap(int pid) {
        if (pid <= 0) { // waitpid(-1 or 0) would reap some other child
            throw new IllegalArgumentException("pid must be > 0: " + pid);
        }
        int[] status = new int[1];
        int rc;
        do {
            rc = C.waitpid(pid, status, WNOHANG);
        } while (rc < 0 && Libc.errno() == EINTR);
        synchronized (lock) {
            if (awaitingReap == pid) {
                awaitingReap = 0;
                lock.notifyAll();
            }
        }
        return rc == pid ? WaitStatus.decode(status[0]) : null;
    }

    /** Stops the thread; if it is blocked in waitid it leaves at the next child exit without acting on it. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void run() {
        Pointer info = Memory.allocateDirect(Libc.RUNTIME, SIGINFO_SIZE);
        try {
            while (!closed) {
                long spawnsBefore;
                synchronized (lock) {
                    spawnsBefore = spawnCount;
                }
                info.putInt(SI_PID_OFFSET, 0);
                int rc = C.waitid(P_ALL, 0, info, WEXITED | WNOWAIT);
                int errno = rc == 0 ? 0 : Libc.errno();
                if (closed) {
                    return; // leave the zombie for whoever reaps next (a new Reaper)
                }
                if (rc == 0 && info.getInt(SI_PID_OFFSET) > 0) {
                    dispatch(info.getInt(SI_PID_OFFSET));
                } else if (errno == ECHILD) {
                    awaitSpawn(spawnsBefore); // no children: waitid returns at once, so don't spin
                } else if (errno != EINTR) {
                    LOG.log(Level.ERROR, "waitid failed: " + Libc.errnoName(errno) + "; retrying in 1 s");
                    awaitSpawn(spawnsBefore);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(int pid) throws InterruptedException {
        synchronized (lock) {
            awaitingReap = pid; // set before the listener runs, so an early reap() still releases us
        }
        boolean owned;
        try {
            owned = listener.childExited(pid);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "reaper listener failed for pid " + pid + "; reaping it here", e);
            owned = false;
        }
        if (!owned) {
            // Orphans adopted as subreaper and glibc's failed-spawn helper land here.
            WaitStatus status = reap(pid);
            LOG.log(Level.DEBUG, () -> "reaped unknown pid " + pid
                    + (status == null ? " (already gone)" : " (" + status.describe() + ")"));
            return;
        }
        synchronized (lock) {
            while (awaitingReap == pid && !closed) {
                lock.wait();
            }
        }
    }

    private void awaitSpawn(long spawnsBefore) throws InterruptedException {
        synchronized (lock) {
            if (spawnCount == spawnsBefore && !closed) {
                lock.wait(IDLE_WAIT_MILLIS);
            }
        }
    }
}
