package org.supervisordj.posix;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/** Looks up accounts through the C library, so NSS sources (LDAP, sssd) work like /etc/passwd. */
public final class Users {
    /** One passwd entry, reduced to what user switching needs. */
    public record Account(String name, int uid, int gid) {
    }

    private static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    /** LOGIN_NAME_MAX less its NUL: no account has a longer name, and glibc must never see one. */
    private static final int MAX_NAME_BYTES = 255;

    private Users() {
    }

    /**
     * Returns the account for a user name or numeric uid, or null when there is none. Input no
     * account can have (over-long, NUL, a uid past 32 bits) is answered here without a native call:
     * a name of a megabyte once overran the calling thread's stack inside getpwnam.
     */
    public static Account lookup(String user) {
        if (user.isEmpty() || user.length() > MAX_NAME_BYTES || user.indexOf('\0') >= 0
                || user.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return null;
        }
        Passwd pw;
        if (user.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // supervisord accepts a numeric uid too, as long as it has a passwd entry.
            long uid = user.length() > 10 ? -1 : Long.parseLong(user);
            if (uid < 0 || uid > 4294967294L) return null;
            pw = POSIX.getpwuid((int) uid); // uid_t is unsigned 32-bit; the int carries its bits
        } else {
            pw = POSIX.getpwnam(user);
        }
        return pw == null ? null : new Account(pw.getLoginName(), (int) pw.getUID(), (int) pw.getGID());
    }

    /** Returns the gid of a group name or numeric gid, or null when there is none (supervisord's name_to_gid). */
    public static Integer groupId(String group) {
        if (group.isEmpty() || group.length() > MAX_NAME_BYTES || group.indexOf('\0') >= 0) return null;
        if (group.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (group.length() > 10 || Long.parseLong(group) > 4294967294L) return null;
            jnr.posix.Group g = POSIX.getgrgid((int) Long.parseLong(group));
            return g == null ? null : (int) g.getGID();
        }
        jnr.posix.Group g = POSIX.getgrnam(group);
        return g == null ? null : (int) g.getGID();
    }

    /** Returns the real uid of the daemon. */
    public static int currentUid() {
        return POSIX.getuid();
    }
}
