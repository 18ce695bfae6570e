package org.supervisordj.logging;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.TimeoutException;

/**
 * Says in words why something failed, for messages operators read: a Java exception's toString()
 * starts with its class name ("java.nio.file.NoSuchFileException: /var/log/x"), and NIO's
 * getMessage() is often the bare path.
 */
public final class Reason {

    private Reason() {
    }

    /** Returns e.g. "no such file or directory: /var/log/x", "/var/log: No space left on device". */
    public static String of(Throwable e) {
        if (e instanceof NoSuchFileException x) return "no such file or directory: " + x.getFile();
        if (e instanceof AccessDeniedException x) return "permission denied: " + x.getFile();
        if (e instanceof FileAlreadyExistsException x) return "already exists: " + x.getFile();
        if (e instanceof NotDirectoryException x) return "not a directory: " + x.getFile();
        if (e instanceof DirectoryNotEmptyException x) return "directory not empty: " + x.getFile();
        if (e instanceof FileSystemException x) { // the system's own words, e.g. "Is a directory"
            String why = x.getReason() == null ? "failed" : x.getReason();
            return x.getFile() == null ? why : x.getFile() + ": " + why;
        }
        if (e instanceof TimeoutException) return "timed out";
        String m = e.getMessage();
        return m == null || m.isBlank() ? "internal error" : m;
    }
}
