package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.ConfigMutator;
import org.supervisordj.process.ProcessState;

/**
 * A live daemon fed hostile configurations through reread and update: secrets never come back in
 * the answers or the daemon's log, and a rejected file is a located error while the running
 * program is undisturbed.
 */
class ReloadSafetyTest {

    private static final String KEEP = "[program:keep]\ncommand=sleep 1000\nstartsecs=0\n\n";
    private static final Pattern LOCATED = Pattern.compile("^/\\S+:\\d+: .*", Pattern.DOTALL);
    private static final int CASES = Integer.getInteger("fuzz.reload.cases", 150);

    @TempDir
    Path dir;

    @Test
    void secretsInBrokenLinesNeverComeBackFromRereadUpdateOrTheLog() throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, KEEP)) {
            int pid = d.awaitState("keep", ProcessState.RUNNING).pid();
            String[] broken = {
                    "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=\"s3cr3t-unclosed\n",
                    "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-one s3cr3t-two\n",
                    "[program:a]\ncommand=/bin/true\nautostart=false\nenvironment=K=s3cr3t-1\nenvironment=K=s3cr3t-2\n",
                    "[inet_http_server]\nport=127.0.0.1:0\nusername=u\npassword=s3cr3t-1\npassword=s3cr3t 2\n",
                    "[supervisord]\nenvironment=DB=\"s3cr3t-unclosed\n"};
            for (String b : broken) {
                d.rewrite(KEEP + b);
                for (String path : List.of("/api/v1/reread", "/api/v1/update")) {
                    HttpResponse<String> r = d.post(path, null);
                    assertFalse(r.body().contains("s3cr3t"), path + " echoed a secret for\n" + b + "\n" + r.body());
                }
            }
            String log = String.join("\n", d.log);
            assertFalse(log.contains("s3cr3t"), log);
            assertEquals(pid, d.info("keep").pid());
        }
    }

    @Test
    void mutatedCorpusConfigsAreLocatedErrorsAndTheRunningProgramIsUndisturbed() throws Exception {
        ConfigMutator.assumeCorpus();
        ConfigMutator mutator = ConfigMutator.over(dir.resolve("corpus"));
        Files.createDirectories(dir.resolve("daemon"));
        try (TestDaemon d = TestDaemon.start(dir.resolve("daemon"), KEEP)) {
            int pid = d.awaitState("keep", ProcessState.RUNNING).pid();
            List<String> failures = new ArrayList<>();
            int sent = 0;
            for (int i = 0; sent < CASES && i < CASES * 20 && failures.size() < 3; i++) {
                ConfigMutator.Case c = mutator.next(i);
                c.apply();
                try {
                    d.rewrite(KEEP + "[include]\nfiles=" + c.target().file() + "\n");
                    // Only files the loader rejects are sent: an accepted one would start corpus programs.
                    if (!rejected(d.confFile)) continue;
                    sent++;
                    HttpResponse<String> r = d.post("/api/v1/update", null);
                    JsonNode body = TestDaemon.json(r.body());
                    if (r.statusCode() == 200 || !"CANT_REREAD".equals(body.path("error").path("code").asText())) {
                        failures.add(c + ": " + r.statusCode() + " " + r.body());
                        continue;
                    }
                    for (JsonNode e : body.get("errors")) {
                        if (!LOCATED.matcher(e.asText()).matches()) failures.add(c + ": not located: " + e.asText());
                    }
                } finally {
                    mutator.restore(c);
                }
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertTrue(sent >= CASES / 2, "only " + sent + " rejected configurations sent");
            assertEquals(pid, d.info("keep").pid());
            assertEquals(ProcessState.RUNNING, d.info("keep").state());
        }
    }

    private static boolean rejected(Path conf) {
        try {
            new ConfigLoader(new ConfigLoader.Options(Map.copyOf(System.getenv()), "h", conf.getParent(), false)).load(conf);
            return false;
        } catch (ConfigException e) {
            return true;
        } catch (RuntimeException e) {
            return true; // the config fuzz test reports these; the daemon must survive them too
        }
    }
}
