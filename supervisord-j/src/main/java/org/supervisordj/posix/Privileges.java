package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the daemon another user for good ({@code [supervisord] user=}), the way supervisord's
 * drop_privileges does: supplementary groups, then the group, then the user.
 *
 * <p>The JVM has many threads and setuid(2) changes only the calling one; glibc's wrappers
 * (setgroups through initgroups, setgid, setuid) apply the change to every thread of the process,
 * and {@link #dropTo} checks each thread in /proc afterwards rather than trust that.
 */
public final class Privileges {

    private Privileges() {
    }

    /** Becomes {@code user} (name or uid); returns null when done or already that user, else supervisord's reason. */
    public static String dropTo(String user) {
        Users.Account account = Users.lookup(user);
        if (account == null) {
            return user.chars().allMatch(Character::isDigit) ? "Can't find uid " + user : "Can't find username '" + user + "'";
        }
        int current = C.getuid();
        if (current == account.uid()) {
            return null; // already that user, as supervisord allows
        }
        if (current != 0) {
            return "Can't drop privilege as nonroot user";
        }
        // initgroups: the groups naming this user, primary group included (supervisord puts it first too).
        if (C.initgroups(account.name(), account.gid()) != 0) {
            return "Could not set groups of effective user (" + Libc.errnoName(Libc.errno()) + ")";
        }
        if (C.setgid(account.gid()) != 0) {
            return "Could not set group id of effective user (" + Libc.errnoName(Libc.errno()) + ")";
        }
        if (C.setuid(account.uid()) != 0) {
            return "Could not set user id of effective user (" + Libc.errnoName(Libc.errno()) + ")";
        }
        String left = threadStillPrivileged(account.uid());
        return left == null ? null : "thread " + left + " kept its user id after setuid; not running half-privileged";
    }

    /** Returns a thread of ours whose real, effective, saved or fs uid is not {@code uid}, or null. */
    private static String threadStillPrivileged(int uid) {
        String want = "Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readAllLines(t.resolve("status")).stream().noneMatch(want::equals)) {
                        return t.getFileName().toString();
                    }
                } catch (IOException ended) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return "(unknown: /proc/self/task unreadable: " + e.getMessage() + ")";
        }
        return null;
    }
}
