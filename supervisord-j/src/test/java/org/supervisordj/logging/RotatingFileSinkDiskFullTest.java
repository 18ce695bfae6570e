package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full filesystem drops output while full and resumes when space returns, for writes and for rotation. */
class RotatingFileSinkDiskFullTest {
    @TempDir
    Path dir;

    @Test
    void writesOnAFullDiskAreDroppedAndResumeWhenSpaceReturns() throws Exception {
        try (SmallFilesystem fs = SmallFilesystem.mount(dir.resolve("small"), "size=64k");
             RotatingFileSink sink = new RotatingFileSink(dir.resolve("small/web.log"), 0, 0)) {
            sink.write(utf8("before\n"));
            fs.fill("filler");
            ByteBuffer lost = ByteBuffer.wrap(new byte[8192]);
            sink.write(lost); // no exception: the pipe keeps being read
            assertFalse(lost.hasRemaining());
            assertTrue(sink.dropping());
            Files.delete(dir.resolve("small/filler"));
            sink.write(utf8("after\n"));
            assertFalse(sink.dropping());
            String text = Files.readString(dir.resolve("small/web.log"));
            assertTrue(text.startsWith("before\n") && text.endsWith("after\n"), text);
        }
    }

    @Test
    void rotationThatCannotCreateTheNewFileIsRetriedOnceAnInodeIsFree() throws Exception {
        Path small = dir.resolve("small");
        try (SmallFilesystem fs = SmallFilesystem.mount(small, "size=1m,nr_inodes=32");
             RotatingFileSink sink = new RotatingFileSink(small.resolve("web.log"), 100, 2)) {
            int fillers = fs.useAllInodes("inode");
            assertTrue(fillers > 0);
            StringBuilder all = new StringBuilder();
            int line = 0;
            for (; line < 5; line++) all.append(write(sink, line)); // past maxbytes: rotation fails
            assertFalse(Files.exists(small.resolve("web.log")), "rotation should have failed for lack of an inode");
            Files.delete(small.resolve("inode0"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(small.resolve("web.log"))) { // retried at most once a second
                if (System.nanoTime() > deadline) fail("rotation never retried");
                all.append(write(sink, line++));
                Thread.sleep(50);
            }
            all.append(write(sink, line++));
            String kept = Files.readString(small.resolve("web.log.1")) + Files.readString(small.resolve("web.log"));
            String older = Files.exists(small.resolve("web.log.2")) ? Files.readString(small.resolve("web.log.2")) : "";
            assertEquals(all.toString(), older + kept, "every byte kept, in order");
        }
    }

    private static String write(RotatingFileSink sink, int n) throws Exception {
        String text = "line " + n + " of output, thirty-odd bytes\n";
        sink.write(utf8(text));
        return text;
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
