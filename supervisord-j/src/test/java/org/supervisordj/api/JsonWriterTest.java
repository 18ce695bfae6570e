package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.api.JsonBodies.Changes;
import org.supervisordj.api.JsonBodies.Daemon;
import org.supervisordj.api.JsonBodies.Error;
import org.supervisordj.api.JsonBodies.ErrorBody;
import org.supervisordj.api.JsonBodies.Health;
import org.supervisordj.api.JsonBodies.Process;
import org.supervisordj.api.JsonBodies.ProcessList;
import org.supervisordj.api.JsonBodies.RemoteEvent;
import org.supervisordj.api.JsonBodies.RereadErrors;
import org.supervisordj.api.JsonBodies.Result;
import org.supervisordj.api.JsonBodies.Results;
import org.supervisordj.api.JsonBodies.SignalRequest;
import org.supervisordj.api.JsonBodies.Status;
import org.supervisordj.api.JsonBodies.StdinRequest;
import org.supervisordj.config.ConfigJson;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.Configuration;
import org.supervisordj.events.Event;
import org.supervisordj.events.EventType;

/**
 * Differential: the streaming writer against the ObjectMapper it stands in for, on every body the
 * API answers with, byte for byte. A record added to JsonBodies without a sample here fails
 * {@link #everyBodyRecordHasASample}.
 */
class JsonWriterTest {

    // Names, messages and log text come from configs and children: quotes, controls, non-ASCII, emoji.
    private static final String AWKWARD = "we\"b \\ \u0001\t\n\u00e9\u20ac \ud83d\ude00 </script>";

    @TempDir
    Path dir;

    @Test
    void everyBodyTypeIsWrittenAsDatabindWritesIt() throws Exception {
        List<String> differ = new ArrayList<>();
        for (Object body : samples()) {
            byte[] streamed = JsonWriter.write(body);
            assertNotNull(streamed, () -> "not written by JsonWriter: " + body);
            String expected = new String(Json.Databind.write(body), StandardCharsets.UTF_8);
            String actual = new String(streamed, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) differ.add(body.getClass().getSimpleName() + "\n  databind " + expected
                    + "\n  streamed " + actual);
        }
        assertTrue(differ.isEmpty(), String.join("\n", differ));
    }

    @Test
    void everyBodyRecordHasASample() throws Exception {
        Set<String> records = Arrays.stream(JsonBodies.class.getDeclaredClasses()).filter(Class::isRecord)
                .map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> sampled = new TreeSet<>();
        for (Object body : samples()) collect(body, sampled);
        records.removeAll(sampled);
        assertEquals(Set.of(), records, "records of JsonBodies no sample exercises");
    }

    @Test
    void whatItDoesNotKnowGoesToDatabind() {
        Map<Object, Object> intKeys = new LinkedHashMap<>();
        intKeys.put(1, "one");
        Object[] unknown = {intKeys, List.of(Path.of("/etc")), Map.of("initial", 'c'), new float[] {1.5f}};
        for (Object body : unknown) {
            assertNull(JsonWriter.write(body), () -> "JsonWriter claims " + body);
            assertEquals(new String(Json.Databind.write(body), StandardCharsets.UTF_8),
                    new String(Json.write(body), StandardCharsets.UTF_8));
        }
    }

    @Test
    void snakeCaseIsJacksons() {
        for (String name : List.of("uptimeS", "stdoutLogfile", "configFiles", "nextRetry", "stderrTail", "pid",
                "lastResult", "URL", "aURLPath", "_leading", "x_y", "a1B2", "ABc")) {
            assertEquals(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE
                    .translate(name), JsonWriter.snakeCase(name), name);
        }
    }

    private List<Object> samples() throws Exception {
        Health all = new Health("ready", true, 0, "HTTP 200", "ok", "serving", "db", true);
        Health some = new Health(null, false, 3, null, AWKWARD, null, null, null);
        Health none = new Health(null, null, null, null, null, null, null, null);
        Process running = new Process("web", "web", "web", "RUNNING", 20, 4242, 1733350000L, 0, 1733350100L, 100, 0,
                "", 2, null, "pid 4242, uptime 0:01:40", "/var/log/web.log", "", null);
        Process awkward = new Process(AWKWARD, "g" + AWKWARD, "g:" + AWKWARD, "BACKOFF", 30, 0, 0, Long.MAX_VALUE,
                Long.MIN_VALUE, 0, -1, AWKWARD, Integer.MAX_VALUE, 1733350200L, AWKWARD, null, AWKWARD, some);
        Process healthy = new Process("api", "web", "web:api", "RUNNING", 20, 1, 1, 1, 1, 1, 1, null, 0, null, "",
                "", "", all);
        Process empty = new Process("x", "x", "x", "STOPPED", 0, 0, 0, 0, 0, 0, 0, "", 0, null, "", "", "", none);
        Result ok = new Result("web", "web", "web", "started", "OK", null);
        Result failed = new Result("db", "data", "data:db", "failed", "SPAWN_ERROR: " + AWKWARD, "line 1\nline 2" + AWKWARD);
        Error error = new Error("BAD_NAME", "no such process: '" + AWKWARD + "'");

        Map<String, Object> eventDetails = new LinkedHashMap<>();
        eventDetails.put("pid", 4242);
        eventDetails.put("expected", 1L);
        Event state = new Event(EventType.PROCESS_STATE_RUNNING,
                "processname:web groupname:web from_state:STARTING pid:4242".getBytes(StandardCharsets.UTF_8),
                1733350000123L, eventDetails);
        Event comm = new Event(EventType.PROCESS_COMMUNICATION_STDOUT,
                ("processname:web groupname:web pid:4242\n" + AWKWARD).getBytes(StandardCharsets.UTF_8), 1L);
        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("time", new BigDecimal("1733350000.120"));
        mixed.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        mixed.put("ratio", 0.25);
        mixed.put("state", EventType.TICK_5);
        mixed.put("none", null);
        mixed.put("nested", List.of(Map.of("a", List.of()), List.of(1, 2L, "3"), Set.of()));

        return List.of(
                new ProcessList(List.of(running, awkward, healthy, empty)),
                new ProcessList(List.of()),
                new Status("ok"), new Status(null),
                ErrorBody.of(ApiFault.BAD_NAME, AWKWARD), new ErrorBody(null),
                new Daemon("0.1.0", 42, 1733350000L, "RUNNING", "supervisor", List.of("/etc/supervisord.conf", AWKWARD)),
                new Results(List.of(ok, failed), null), new Results(List.of(ok), error), new Results(null, null),
                new Changes(List.of("a"), List.of(), List.of(AWKWARD), List.of("w")),
                new Changes(List.of(), List.of(), List.of(), List.of(), List.of(ok, failed), error),
                new RereadErrors(error, List.of(AWKWARD, "x.conf:3: [program:x] command: missing")),
                new StdinRequest(AWKWARD), new SignalRequest("HUP"), new RemoteEvent("type", AWKWARD),
                EventJson.data(state), EventJson.data(comm), mixed,
                ConfigJson.of(configuration()), ConfigJson.of(configuration(), true));
    }

    private Configuration configuration() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, String.join("\n",
                "[unix_http_server]", "file=" + dir.resolve("s.sock"), "chmod=0700", "username=u", "password=secret",
                "[inet_http_server]", "port=127.0.0.1:9001",
                "[supervisord]", "logfile=" + dir.resolve("d.log"), "environment=A=\"1\",B=\"x y\"", "minfds=1024",
                "[program:web]", "command=/bin/sleep 100", "numprocs=2", "process_name=%(program_name)s_%(process_num)s",
                "environment=SECRET=\"" + AWKWARD.replace("\"", "").replace("\n", "") + "\"", "priority=5",
                "stopsignal=INT", "stopwaitsecs=3", "autorestart=unexpected", "exitcodes=0,2", "umask=022",
                "stdout_logfile=" + dir.resolve("w.log"), "stdout_logfile_maxbytes=1MB", "redirect_stderr=true",
                "[program:db]", "command=/bin/sleep 200", "autostart=false",
                "[group:site]", "programs=web,db", "priority=1",
                "[eventlistener:l]", "command=/bin/cat", "events=PROCESS_STATE,TICK_5", "buffer_size=20", ""));
        return new ConfigLoader(new ConfigLoader.Options(Map.of("HOME", "/root"), "host", dir, false)).load(conf);
    }

    private static void collect(Object v, Set<String> names) throws Exception {
        if (v == null) return;
        if (v instanceof Iterable<?> it) {
            for (Object o : it) collect(o, names);
        } else if (v instanceof Map<?, ?> m) {
            for (Object o : m.values()) collect(o, names);
        } else if (v.getClass().isRecord()) {
            names.add(v.getClass().getSimpleName());
            for (var c : v.getClass().getRecordComponents()) {
                c.getAccessor().setAccessible(true);
                collect(c.getAccessor().invoke(v), names);
            }
        }
    }
}
