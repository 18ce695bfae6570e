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

    private Users() {
    }

    /** Returns the account for a user name or numeric uid, or null when there is none. */
    public static Account lookup(String user) {
        Passwd pw;
        if (!user.isEmpty() && user.chars().allMatch(Character::isDigit)) {
            // supervisord accepts a numeric uid too, as long as it has a passwd entry.
            pw = POSIX.getpwuid(Integer.parseInt(user));
        } else {
            pw = POSIX.getpwnam(user);
        }
        return pw == null ? null : new Account(pw.getLoginName(), (int) pw.getUID(), (int) pw.getGID());
    }
}
