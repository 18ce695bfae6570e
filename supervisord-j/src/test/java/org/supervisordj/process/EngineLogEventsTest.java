package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.supervisordj.events.Event;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;

/** PROCESS_LOG_STDOUT/STDERR from real children through the real pump, collected by a publisher of our own. */
class EngineLogEventsTest extends EngineTestBase {

    /** Collects the events of the wanted types; counts how often it was asked, to prove the cheap path. */
    static final class Collector implements EventPublisher {
        final Set<EventType> wanted;
        final List<Event> events = new CopyOnWriteArrayList<>();

        Collector(Set<EventType> wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean wants(EventType type) {
            return wanted.contains(type);
        }

        @Override
        public void publish(Event event) {
            if (!wants(event.type())) throw new AssertionError("published unwanted " + event.type());
            events.add(event);
        }

        String text(EventType type) {
            StringBuilder s = new StringBuilder();
            for (Event e : events) {
                if (e.type() != type) continue;
                String p = new String(e.payload(), StandardCharsets.UTF_8);
                s.append(p, p.indexOf('\n') + 1, p.length());
            }
            return s.toString();
        }
    }

    @Test
    void eachChunkOfOutputIsAnEventWithSupervisordsHeader() throws Exception {
        Collector c = new Collector(Set.of(EventType.PROCESS_LOG_STDOUT, EventType.PROCESS_LOG_STDERR));
        events = c;
        boot("[program:talk]\ncommand=sh -c 'echo out1; echo err1 >&2; sleep 1000'\nstartsecs=0\n"
                + "stdout_events_enabled=true\nstderr_events_enabled=true\nstdout_logfile=NONE\n");
        int pid = awaitState("talk", ProcessState.RUNNING, LONG).pid();
        awaitTrue(LONG, "both events", () -> c.text(EventType.PROCESS_LOG_STDOUT).equals("out1\n")
                && c.text(EventType.PROCESS_LOG_STDERR).equals("err1\n"));
        for (Event e : c.events) {
            String p = new String(e.payload(), StandardCharsets.UTF_8);
            String channel = e.type() == EventType.PROCESS_LOG_STDOUT ? "stdout" : "stderr";
            assertEquals("processname:talk groupname:talk pid:" + pid + " channel:" + channel + "\n",
                    p.substring(0, p.indexOf('\n') + 1));
        }
    }

    @Test
    void onlyTheEnabledChannelPublishesAndNothingIsBuiltWhenNobodyListens() throws Exception {
        Collector c = new Collector(Set.of(EventType.PROCESS_LOG_STDOUT));
        events = c;
        boot("[program:a]\ncommand=sh -c 'echo a-out; echo a-err >&2; sleep 1000'\nstartsecs=0\n"
                + "stdout_events_enabled=true\n"
                + "[program:b]\ncommand=sh -c 'echo b-out; echo b-err >&2; echo done > " + dir.resolve("b.done")
                + "; sleep 1000'\nstartsecs=0\nstderr_events_enabled=true\n");
        awaitTrue(LONG, "a's stdout event", () -> c.text(EventType.PROCESS_LOG_STDOUT).equals("a-out\n"));
        awaitTrue(LONG, "b wrote everything", () -> java.nio.file.Files.exists(dir.resolve("b.done")));
        awaitTrue(LONG, "b's stderr in its log", () -> {
            ProcessInfo b = info("b"); // null until the engine publishes its first snapshot
            if (b == null) return false;
            String path = b.stderrLogfile();
            return !path.isEmpty() && java.nio.file.Files.readString(java.nio.file.Path.of(path)).equals("b-err\n");
        });
        // b's stderr events are enabled but unwanted by the publisher: none published (publish() would throw)
        assertTrue(c.events.stream().allMatch(e -> e.type() == EventType.PROCESS_LOG_STDOUT));
        assertEquals("a-out\n", c.text(EventType.PROCESS_LOG_STDOUT));
    }

    @Test
    void undecodableOutputIsReportedAsSupervisordDoes() throws Exception {
        Collector c = new Collector(Set.of(EventType.PROCESS_LOG_STDOUT));
        events = c;
        boot("[program:bin]\ncommand=printf 'a\\377\\n'\nstartsecs=0\nautorestart=false\nstdout_events_enabled=true\n");
        awaitTrue(LONG, "event", () -> !c.events.isEmpty());
        assertEquals("Undecodable: b'a\\xff\\n'", c.text(EventType.PROCESS_LOG_STDOUT));
    }

    @Test
    void stripAnsiCleansTheLogAndTheEvents() throws Exception {
        Collector c = new Collector(Set.of(EventType.PROCESS_LOG_STDOUT));
        events = c;
        java.nio.file.Path out = dir.resolve("color.log");
        boot("strip_ansi=true\n[program:color]\ncommand=printf '\\033[31mred\\033[0m plain\\n'\nstartsecs=0\n"
                + "autorestart=false\nstdout_events_enabled=true\nstdout_logfile=" + out + "\n");
        awaitTrue(LONG, "event", () -> c.text(EventType.PROCESS_LOG_STDOUT).equals("red plain\n"));
        awaitTrue(LONG, "log", () -> java.nio.file.Files.readString(out).equals("red plain\n"));
    }

    @Test
    void loglevelDebugEchoesOutputIntoTheDaemonLog() throws Exception {
        boot("loglevel=debug\n[program:echo]\ncommand=sh -c 'echo hello; echo oops >&2'\nstartsecs=0\n"
                + "autorestart=false\n");
        awaitLog("'echo' stdout output:\nhello\n");
        awaitLog("'echo' stderr output:\noops\n");
        assertTrue(lines("output:").stream().allMatch(l -> l.startsWith("DEBUG ")), String.join("\n", lines("output:")));
    }
}
