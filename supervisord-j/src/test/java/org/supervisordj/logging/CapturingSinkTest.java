package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.supervisordj.api.xmlrpc.Supervisor;
import org.supervisordj.events.Event;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;

/**
 * Capture mode against supervisord 4.2.5's own {@code POutputDispatcher} (driven chunk by chunk by
 * src/test/python/capture_dispatch.py): the same chunks, split at every point and byte by byte, must
 * give the same pieces logged, the same pieces captured and the same PROCESS_COMMUNICATION data.
 */
class CapturingSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/python/capture_dispatch.py").toAbsolutePath();
    private static final String B = "<!--XSUPERVISOR:BEGIN-->";
    private static final String E = "<!--XSUPERVISOR:END-->";

    private static final List<String> TEXTS = List.of(
            "before " + B + "captured" + E + " after, long enough to leave the buffer\n",
            B + "x" + E + B + E + "<!--XSUP not a token" + B + "a " + B + " inside " + E + E + "tail text that is long\n",
            "short\n",
            "no tokens at all in this rather long line of output\nand a second one\n",
            "<!--XSUPERVISOR:BEGI" + "N-->" + "split " + "<!--XSUPERVISOR:" + "END-->" + "<!--XSUPERV");

    /** One case: the chunks written, and what was seen ("log", "cap", "comm" + data). */
    private record Case(long maxbytes, List<String> chunks) {
    }

    @Test
    void logsCapturesAndRaisesEventsAsSupervisordDoes() throws Exception {
        Supervisor.assumeSupervisorInstalled();
        List<Case> cases = new ArrayList<>();
        for (long maxbytes : new long[] {1 << 20, 5}) {
            for (String text : TEXTS) {
                cases.add(new Case(maxbytes, List.of(text)));
                List<String> bytes = new ArrayList<>();
                for (char c : text.toCharArray()) bytes.add(String.valueOf(c));
                cases.add(new Case(maxbytes, bytes));
                for (int i = 1; i < text.length(); i++) {
                    cases.add(new Case(maxbytes, List.of(text.substring(0, i), text.substring(i))));
                    int j = Math.min(text.length() - 1, i + 7);
                    if (j > i) cases.add(new Case(maxbytes, List.of(text.substring(0, i), text.substring(i, j), text.substring(j))));
                }
            }
        }
        List<List<String>> expected = reference(cases);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(expected.get(i), run(cases.get(i), false), "case " + cases.get(i));
        }
    }

    @Test
    void whatWasHeldBackIsWrittenAtEndOfFileUnlessACaptureIsOpen() throws Exception {
        assertEquals(List.of("log bye\n"), run(new Case(1 << 20, List.of("bye\n")), true));
        assertEquals(List.of("log a<!--XSUPERV"), run(new Case(1 << 20, List.of("a<!--XSUPERV")), true));
        assertEquals(List.of("log text long enough to pass a", "log <!--XSUPERV"),
                run(new Case(1 << 20, List.of("text long enough to pass a<!--XSUPERV")), true));
        assertEquals(List.of("log x", "cap never ended"), run(new Case(1 << 20, List.of("x" + B + "never ended")), true));
    }

    @Test
    void theEventPayloadNamesTheProcessAndSaysUndecodableForNonUtf8() throws Exception {
        List<Event> events = new ArrayList<>();
        CapturingSink sink = sink(new NullSink(), inner -> inner, 100, events, new ArrayList<>());
        LogSink child = sink.forChild(4242);
        child.write(ByteBuffer.wrap((B + "caf\u00e9" + E + B).getBytes(StandardCharsets.UTF_8)));
        byte[] raw = ("x\u00ff" + E).getBytes(StandardCharsets.ISO_8859_1);
        child.write(ByteBuffer.wrap(raw));
        assertEquals(2, events.size());
        assertEquals(EventType.PROCESS_COMMUNICATION_STDOUT, events.get(0).type());
        assertEquals("processname:p groupname:g pid:4242\ncaf\u00e9", new String(events.get(0).payload(), StandardCharsets.UTF_8));
        assertEquals("processname:p groupname:g pid:4242\nUndecodable: b'x\\xff'", new String(events.get(1).payload(), StandardCharsets.UTF_8));
    }

    private static List<String> run(Case c, boolean eof) throws IOException {
        List<String> seen = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        LogSink normal = new Recording(new NullSink(), "log", seen);
        CapturingSink template = sink(normal, inner -> new Recording(inner, "cap", seen), c.maxbytes(), events, seen);
        LogSink sink = template.forChild(42);
        for (String chunk : c.chunks()) {
            sink.write(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.ISO_8859_1)));
        }
        if (eof) sink.eof();
        return seen;
    }

    private static CapturingSink sink(LogSink normal, java.util.function.UnaryOperator<LogSink> decorations, long maxbytes,
                                      List<Event> events, List<String> seen) {
        EventPublisher publisher = new EventPublisher() {
            @Override
            public boolean wants(EventType type) {
                return true;
            }

            @Override
            public void publish(Event event) {
                events.add(event);
                String payload = new String(event.payload(), StandardCharsets.ISO_8859_1);
                seen.add("comm " + payload.substring(payload.indexOf('\n') + 1));
            }
        };
        return new CapturingSink(normal, decorations, maxbytes, EventType.PROCESS_COMMUNICATION_STDOUT, "p", "g",
                () -> publisher, line -> { });
    }

    /** Notes each chunk written through it, then passes it on. */
    private record Recording(LogSink next, String kind, List<String> seen) implements LogSink {
        @Override
        public void write(ByteBuffer bytes) throws IOException {
            seen.add(kind + " " + StandardCharsets.ISO_8859_1.decode(bytes.duplicate()));
            next.write(bytes);
        }

        @Override
        public void reopen() {
        }

        @Override
        public void close() {
        }
    }

    private static List<List<String>> reference(List<Case> cases) throws Exception {
        ArrayNode in = JSON.createArrayNode();
        for (Case c : cases) {
            ObjectNode o = in.addObject();
            o.put("maxbytes", c.maxbytes());
            ArrayNode chunks = o.putArray("chunks");
            c.chunks().forEach(chunks::add);
        }
        File input = File.createTempFile("capture", ".json");
        try {
            JSON.writeValue(input, in);
            Process p = new ProcessBuilder(Supervisor.PYTHON.toString(), SCRIPT.toString())
                    .redirectInput(input).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "capture_dispatch.py did not finish");
            assertEquals(0, p.exitValue(), "capture_dispatch.py failed");
            List<List<String>> all = new ArrayList<>();
            for (JsonNode c : JSON.readTree(out)) {
                List<String> seen = new ArrayList<>();
                for (JsonNode r : c) seen.add(r.get(0).asText() + " " + r.get(1).asText());
                all.add(seen);
            }
            return all;
        } finally {
            input.delete();
        }
    }
}
