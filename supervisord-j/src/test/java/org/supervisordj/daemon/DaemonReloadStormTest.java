package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.api.RawHttp;
import org.supervisordj.posix.ProcessSignals;

/**
 * SIGHUPs to a real daemon while its file flips between two versions, with programs that take a
 * while to stop: once it settles, the daemon runs exactly what the file said last.
 */
class DaemonReloadStormTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;
    private Process daemon;

    @AfterEach
    void killLeftovers() {
        if (daemon != null) daemon.destroyForcibly();
    }

    private String program(String name, String tag) {
        // Traps TERM, then needs 1 s to stop; waits in short sleeps (see EngineReloadRaceTest).
        return "[program:" + name + "]\ncommand=sh -c 'trap \"sleep 1; exit 0\" TERM; while :; do sleep 1; done' " + tag
                + "\nstartsecs=0\nstopasgroup=true\n";
    }

    @Test
    void fiftySighupsWhileTheFileFlipsEndWithTheLastFileRead() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Path socket = dir.resolve("api.sock");
        String header = "[supervisord]\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile="
                + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\n[unix_http_server]\nfile=" + socket + "\n";
        String a = header + program("keep", "keep") + program("flip", "flip-a") + program("onlya", "onlya");
        String b = header + program("keep", "keep") + program("flip", "flip-b") + program("onlyb", "onlyb");
        write(conf, a);
        daemon = launch(conf);
        awaitTable(socket, Map.of("keep", "keep", "flip", "flip-a", "onlya", "onlya"));

        Random random = new Random(9);
        for (int i = 0; i < 50; i++) {
            write(conf, i % 2 == 0 ? b : a);
            ProcessSignals.kill((int) daemon.pid(), 1);
            Thread.sleep(random.nextInt(60));
        }
        write(conf, b);
        ProcessSignals.kill((int) daemon.pid(), 1);
        awaitTable(socket, Map.of("keep", "keep", "flip", "flip-b", "onlyb", "onlyb"));

        ProcessSignals.kill((int) daemon.pid(), 15);
        daemon.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, daemon.exitValue());
    }

    private static void write(Path conf, String text) throws IOException {
        Path tmp = conf.resolveSibling("next.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, conf, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Waits until the API lists exactly {@code expected} (name to the tag ending its command line), all
     * RUNNING, and the daemon has no other live child.
     */
    private void awaitTable(Path socket, Map<String, String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String seen = "";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, String> table = new TreeMap<>();
                TreeSet<Long> pids = new TreeSet<>();
                for (JsonNode p : new ObjectMapper().readTree(get(socket, "/api/v1/processes")).get("processes")) {
                    long pid = p.get("pid").asLong();
                    table.put(p.get("name").asText(), p.get("state").asText().equals("RUNNING") ? tag(pid)
                            : p.get("state").asText());
                    pids.add(pid);
                }
                TreeSet<Long> children = new TreeSet<>();
                ProcessHandle.of(daemon.pid()).ifPresent(h -> h.children().forEach(c -> {
                    if (!zombie(c.pid())) children.add(c.pid());
                }));
                seen = "table " + table + ", pids " + pids + ", daemon's live children " + children;
                if (table.equals(new TreeMap<>(expected)) && children.equals(pids)) return;
            } catch (IOException | RuntimeException notYet) {
                seen = "no answer: " + notYet;
            }
            Thread.sleep(50);
        }
        fail("expected " + new TreeMap<>(expected) + " but saw " + seen + "\nlog:\n"
                + Files.readString(dir.resolve("supervisord.log")));
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    private static String tag(long pid) {
        try {
            String[] argv = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                    StandardCharsets.UTF_8).split("\0");
            return argv[argv.length - 1];
        } catch (IOException e) {
            return "?";
        }
    }

    private Process launch(Path conf) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + MODULE.resolve("target/classes"),
                "org.supervisordj.daemon.Main", "-c", conf.toString());
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
    }

    private static String get(Path socket, String target) throws IOException {
        RawHttp.Response r = RawHttp.unix(socket, "GET", target, null);
        if (r.status() != 200) throw new IOException("HTTP " + r.status() + ": " + r.text());
        return r.text();
    }
}
