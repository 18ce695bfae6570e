package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares what supervisord-j resolves with what supervisord 4.2.5 itself resolves (its own
 * ServerOptions, driven by src/test/python/supervisord_dump.py under Debian's python3), field by
 * field, on the whole corpus and on our own tricky fixtures. Deliberate differences are listed in
 * docs/compatibility.md and normalised here, each with its reason.
 */
class DifferentialTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/supervisord_dump.py").toAbsolutePath();
    private static final Path FIXTURES = Path.of("src/test/resources/config/differential").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @BeforeAll
    static void needsSupervisord() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: runs supervisord 4.2.5 under Debian's /usr/bin/python3, "
                + "which is missing (apt-get install python3 supervisor; .ci/run installs them)");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import supervisor.options").redirectErrorStream(true).start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "skipped: compares with supervisord 4.2.5, whose Python package (import supervisor.options) is not "
                        + "installed (apt-get install supervisor; .ci/run installs it)");
    }

    @Test
    void resolvedValuesAgreeWithSupervisordOnTheCorpus() throws Exception {
        Corpus.assumePresent();
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Corpus.Entry e : Corpus.layOut(work)) {
            if (e.invalid() || e.needsSiblings() && e.file().contains("ONLYOFFICE")) continue;
            differences.addAll(compare(e.file(), e.root(), Corpus.ENV));
            compared++;
        }
        assertTrue(compared >= 75, "compared " + compared);
        assertTrue(differences.isEmpty(), differences.size() + " differences:\n" + String.join("\n", differences));
    }

    @Test
    void resolvedValuesAgreeWithSupervisordOnTrickyFixtures() throws Exception {
        List<String> differences = new ArrayList<>();
        Map<String, String> env = new HashMap<>(Corpus.ENV);
        env.put("WORKERS", "3");
        env.put("APP_USER", "root");
        env.put("EMPTY", "");
        try (var files = Files.list(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                differences.addAll(compare(f.getFileName().toString(), withoutByteOrderMark(f), env));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " differences:\n" + String.join("\n", differences));
    }

    @Test
    void configsSupervisordRejectsAreRejectedToo() throws Exception {
        List<String> differences = new ArrayList<>();
        try (var files = Files.list(FIXTURES.resolve("rejected"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                JsonNode reference = reference(f, Corpus.ENV);
                if (!reference.has("error")) differences.add(f.getFileName() + ": supervisord accepts it");
                try {
                    new ConfigLoader(new ConfigLoader.Options(Corpus.ENV, hostname(), work, true)).load(f);
                    differences.add(f.getFileName() + ": supervisord-j accepts it; supervisord says "
                            + reference.path("error").asText());
                } catch (ConfigException expected) {
                    if (expected.problems().stream().noneMatch(p -> p.isError() && p.file() != null)) {
                        differences.add(f.getFileName() + ": rejected without naming the file: " + expected.getMessage());
                    }
                }
            }
        }
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    /**
     * supervisord 4.2.5 rejects a UTF-8 byte order mark ("File contains no section headers"); we accept
     * it on purpose (docs/compatibility.md), so the reference gets the same file without it.
     */
    private Path withoutByteOrderMark(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        if (bytes.length < 3 || bytes[0] != (byte) 0xEF || bytes[1] != (byte) 0xBB || bytes[2] != (byte) 0xBF) return f;
        Path copy = work.resolve(f.getFileName());
        Files.write(copy, java.util.Arrays.copyOfRange(bytes, 3, bytes.length));
        return copy;
    }

    private List<String> compare(String label, Path root, Map<String, String> env) throws Exception {
        JsonNode reference = reference(root, env);
        List<String> diffs = new ArrayList<>();
        if (reference.has("error")) {
            diffs.add(label + ": supervisord rejects it: " + reference.get("error").asText());
            return diffs;
        }
        Configuration config;
        try {
            config = new ConfigLoader(new ConfigLoader.Options(env, hostname(), work, true)).load(root);
        } catch (ConfigException ex) {
            diffs.add(label + ": supervisord-j rejects it: " + ex.getMessage());
            return diffs;
        }
        JsonNode ours = JSON.valueToTree(ConfigJson.of(config, true));
        compareSupervisord(label, reference.get("supervisord"), ours.get("supervisord"), diffs);
        comparePrograms(label, reference.get("programs"), ours.get("programs"), diffs);
        compareFields(label + " groups", byName(reference.get("groups")), byName(ours.get("groups")), diffs);
        return diffs;
    }

    private void compareSupervisord(String label, JsonNode ref, JsonNode ours, List<String> diffs) {
        Iterator<Map.Entry<String, JsonNode>> it = ref.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode expected = f.getValue();
            // supervisord resolves these against its working directory at start-up (realize); we do it at load.
            if (List.of("logfile", "pidfile", "childlogdir").contains(f.getKey()) && expected.isTextual()
                    && !expected.asText().equals("syslog")) {
                expected = JSON.getNodeFactory().textNode(work.resolve(expected.asText()).normalize().toString());
            }
            if (!same(expected, ours.get(f.getKey()))) {
                diffs.add(label + " [supervisord] " + f.getKey() + ": supervisord " + expected + " vs ours " + ours.get(f.getKey()));
            }
        }
    }

    private void comparePrograms(String label, JsonNode ref, JsonNode ours, List<String> diffs) {
        Map<String, JsonNode> refByName = new HashMap<>();
        ref.forEach(p -> refByName.put(p.get("group").asText() + ":" + p.get("name").asText(), p));
        Map<String, JsonNode> oursByName = new HashMap<>();
        ours.forEach(p -> oursByName.put(p.get("group").asText() + ":" + p.get("name").asText(), p));
        if (!refByName.keySet().equals(oursByName.keySet())) {
            diffs.add(label + " processes: supervisord " + refByName.keySet() + " vs ours " + oursByName.keySet());
            return;
        }
        compareFields(label, refByName, oursByName, diffs);
    }

    private void compareFields(String label, Map<String, JsonNode> ref, Map<String, JsonNode> ours, List<String> diffs) {
        if (!ref.keySet().equals(ours.keySet())) {
            diffs.add(label + ": supervisord " + ref.keySet() + " vs ours " + ours.keySet());
            return;
        }
        for (Map.Entry<String, JsonNode> e : ref.entrySet()) {
            Iterator<Map.Entry<String, JsonNode>> it = e.getValue().fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode mine = ours.get(e.getKey()).get(f.getKey());
                if (!same(f.getValue(), mine)) {
                    diffs.add(label + " " + e.getKey() + " " + f.getKey() + ": supervisord " + f.getValue() + " vs ours " + mine);
                }
            }
        }
    }

    /** Jackson keeps int and long nodes apart; the values are what matter. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) return a.asLong() == b.asLong();
        return a == null ? b == null : a.equals(b);
    }

    private static Map<String, JsonNode> byName(JsonNode groups) {
        Map<String, JsonNode> m = new HashMap<>();
        groups.forEach(g -> m.put(g.get("name").asText(), g));
        return m;
    }

    private JsonNode reference(Path root, Map<String, String> env) throws IOException, InterruptedException {
        Path stubs = work.resolve("pystubs");
        if (!Files.isDirectory(stubs)) {
            // Two corpus files name this third-party event handler, which supervisord imports at parse time.
            Files.createDirectories(stubs);
            Files.writeString(stubs.resolve("supervisor_stdout.py"), "def event_handler(*args, **kwargs):\n    pass\n");
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), "--stub-host-checks", root.toString())
                .directory(work.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PYTHONPATH", stubs.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("supervisord_dump.py timed out on " + root);
        }
        return JSON.readTree(new String(out, StandardCharsets.UTF_8));
    }

    private static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }
}
