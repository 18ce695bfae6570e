package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.LogLevel;
import org.supervisordj.posix.Proc;
import org.supervisordj.process.EngineLog;

/** What a record left by a dead daemon makes the next one do, with real processes. */
class LeftoversTest {
    @TempDir
    Path dir;
    private final List<String> lines = new ArrayList<>();
    private final EngineLog log = (level, message) -> {
        synchronized (lines) {
            lines.add(level + " " + message);
        }
    };

    /**
     * A process whose SIGINT is the default whatever the test JVM inherited (a background job's
     * shell ignores SIGINT, and a plain `sleep` would keep that), once it says so.
     */
    private Process defaultIntSleeper() throws Exception {
        Path ready = dir.resolve("ready");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import signal, sys, time\n"
                + "signal.signal(signal.SIGINT, signal.SIG_DFL)\nopen(sys.argv[1], 'w').close()\ntime.sleep(1000)",
                ready.toString()).start();
        Proc.awaitFile(ready);
        return p;
    }

    @Test
    void aPidWhoseStartTimeDiffersIsNeverSignalledAndARecordFromAnotherBootIsIgnored() throws Exception {
        Process stranger = defaultIntSleeper();
        try {
            int pid = (int) stranger.pid();
            long realStart = ProcStat.of(pid).startTime();
            Path pidfile = dir.resolve("supervisord.pid");
            Path record = ChildrenRecord.pathFor(pidfile);
            Files.writeString(record, "supervisord-j children v1\nboot " + ProcStat.bootId() + "\n"
                    + pid + " " + (realStart - 1) + " web\n");
            Leftovers.stop(ChildrenRecord.read(pidfile, log), config(), log);
            assertTrue(stranger.isAlive(), "a recycled pid was signalled");

            Files.writeString(record, "supervisord-j children v1\nboot another-boot\n" + pid + " " + realStart + " web\n");
            assertEquals(List.of(), ChildrenRecord.read(pidfile, log));
            assertTrue(stranger.isAlive());
            assertEquals(List.of(), lines);

            // The same pid and start time: it is the leftover, stopped with web's stopsignal.
            Files.writeString(record, "supervisord-j children v1\nboot " + ProcStat.bootId() + "\n"
                    + pid + " " + realStart + " web\n");
            Leftovers.stop(ChildrenRecord.read(pidfile, log), config(), log);
            assertTrue(stranger.waitFor(30, TimeUnit.SECONDS));
            assertEquals(128 + 2, stranger.exitValue(), "stopsignal=INT");
            assertTrue(lines.get(0).startsWith("WARN found 'web' (pid " + pid + ")") && lines.get(0).contains("SIGINT"), lines.toString());
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aPidfileWhosePidWasReusedSinceItsDaemonDiedIsStale() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "1000").start();
        try {
            int pid = (int) stranger.pid();
            long start = ProcStat.of(pid).startTime();
            Path pidfile = dir.resolve("supervisord.pid");
            Path record = ChildrenRecord.pathFor(pidfile);
            String head = "supervisord-j children v1\nboot " + ProcStat.bootId() + "\n";
            Files.writeString(pidfile, pid + "\n");
            Files.writeString(record, head + "daemon " + pid + " " + start + "\n");
            assertThrows(PidFile.HeldException.class, () -> PidFile.acquire(pidfile), "it is that daemon: held");
            Files.delete(record);
            assertThrows(PidFile.HeldException.class, () -> PidFile.acquire(pidfile), "no record: trust the pidfile");
            Files.writeString(record, head + "daemon " + pid + " " + (start - 1) + "\n");
            PidFile.acquire(pidfile).remove(); // the daemon that wrote it started at another time: stale
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aGarbledRecordIsIgnoredWithAWarning() throws Exception {
        Path pidfile = dir.resolve("supervisord.pid");
        Files.writeString(ChildrenRecord.pathFor(pidfile), "not ours\n");
        assertEquals(List.of(), ChildrenRecord.read(pidfile, log));
        assertTrue(lines.get(0).contains("is not a record of supervisord-j's"), lines.toString());
    }

    private Configuration config() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("log") + "\n[program:web]\ncommand=sleep 1\n"
                + "stopsignal=INT\nstopwaitsecs=5\n");
        return new ConfigLoader(new ConfigLoader.Options(Map.of(), "box", dir, false)).load(conf);
    }
}
