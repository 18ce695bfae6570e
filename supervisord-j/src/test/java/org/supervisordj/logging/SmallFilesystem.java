package org.supervisordj.logging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/** A tiny tmpfs mounted for a test, to fill up for real; needs root (skips with the reason otherwise). */
public final class SmallFilesystem implements AutoCloseable {
    private final Path mountPoint;

    private SmallFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs with {@code options} (e.g. "size=64k") on {@code mountPoint}, created if missing. */
    public static SmallFilesystem mount(Path mountPoint, String options) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: mounting a small tmpfs to fill up needs root");
        Files.createDirectories(mountPoint);
        int rc = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString());
        assumeTrue(rc == 0, "skipped: mount -t tmpfs failed (exit " + rc + "; no CAP_SYS_ADMIN here?)");
        return new SmallFilesystem(mountPoint);
    }

    /** Writes {@code name} until the filesystem is full; returns the bytes written. */
    public long fill(String name) throws IOException {
        byte[] block = new byte[4096];
        long n = 0;
        try (var out = Files.newOutputStream(mountPoint.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block);
                out.flush();
                n += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) throw full;
        }
        return n;
    }

    /** Creates empty files until no inode is left; returns how many it made. */
    public int useAllInodes(String prefix) throws IOException {
        int i = 0;
        try {
            while (true) Files.createFile(mountPoint.resolve(prefix + i++));
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) throw full;
        }
        return i - 1;
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", mountPoint.toString());
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
