package org.supervisordj.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.ListenerPoolConfig;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.posix.Proc;
import org.supervisordj.process.ListenerChannel;
import org.supervisordj.process.ProcessState;

/**
 * The bus and the protocol on their own, the listener played by the test: serials across pools,
 * what READY and RESULT do split across reads, and when the events thread wakes for ticks.
 */
class EventBusTest {

    private static final Duration DEADLINE = Proc.DEADLINE;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_764_081_003_000L);
    private final EventBus bus = new EventBus("sid", (level, msg) -> log.add(level + " " + msg), clock::get);

    @AfterEach
    void close() {
        bus.close();
    }

    private void start() {
        bus.start((channel, bytes) -> {
            written.add(new String(bytes, StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(true);
        });
    }

    private static GroupConfig pool(String name, int bufferSize, EventType... events) {
        return new GroupConfig(name, -1, List.<ProgramConfig>of(),
                new ListenerPoolConfig(List.of(events), bufferSize, ListenerPoolConfig.DEFAULT_HANDLER));
    }

    private static void say(ListenerChannel c, String text) {
        c.stdout(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private void awaitWritten(int n) throws Exception {
        Proc.await(DEADLINE, n + " writes", () -> written.size() >= n);
    }

    @Test
    void oneEventHasOneSerialAndEachPoolItsOwn() throws Exception {
        start();
        bus.poolAdded(pool("a", 10, EventType.PROCESS_GROUP));
        bus.poolAdded(pool("b", 10, EventType.EVENT));
        bus.publish(Event.of(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, "", 0)); // only b: serial 0, b's 0
        bus.publish(Event.of(EventType.PROCESS_GROUP_ADDED, "groupname:x\n", 0)); // both: serial 1, a's 0, b's 1
        bus.publish(Event.of(EventType.TICK_5, "when:5", 0)); // nobody listens to TICK in a: serial 2, b's 2
        ListenerChannel a = bus.spawning("a", "a");
        ListenerChannel b = bus.spawning("b", "b");
        a.stateChanged(ProcessState.RUNNING);
        b.stateChanged(ProcessState.RUNNING);
        say(a, "READY\n");
        awaitWritten(1);
        assertEquals("ver:3.0 server:sid serial:1 pool:a poolserial:0 eventname:PROCESS_GROUP_ADDED len:12\ngroupname:x\n",
                written.get(0));
        say(b, "READY\n");
        awaitWritten(2);
        assertEquals("ver:3.0 server:sid serial:0 pool:b poolserial:0 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n",
                written.get(1));
        say(b, "RESULT 2\n"); // the result split over reads, the next READY in the same one
        say(b, "OKREADY\n");
        awaitWritten(3);
        assertTrue(written.get(2).startsWith("ver:3.0 server:sid serial:1 pool:b poolserial:1 "), written.get(2));
        say(b, "RESULT 4\nFAILREADY\n"); // rejected: the same event again
        awaitWritten(4);
        assertEquals(written.get(2), written.get(3));
        assertTrue(log.contains("WARN b: event was rejected"), log.toString());
        say(b, "RESULT 2\nOKREADY\n");
        awaitWritten(5);
        assertTrue(written.get(4).startsWith("ver:3.0 server:sid serial:2 pool:b poolserial:2 eventname:TICK_5 len:6\n"),
                written.get(4));
    }

    @Test
    void aListenerThatIsNotRunningGetsNothingAndABadResultLineMakesItUnknown() throws Exception {
        start();
        bus.poolAdded(pool("p", 10, EventType.PROCESS_STATE));
        ListenerChannel c = bus.spawning("p", "p");
        say(c, "READY\n"); // STARTING still: it waits for RUNNING
        bus.publish(Event.of(EventType.PROCESS_STATE_RUNNING, "processname:x groupname:x from_state:STARTING pid:1", 0));
        assertEquals(1, bus.buffered("p"), "kept for it until it is RUNNING");
        c.stateChanged(ProcessState.RUNNING);
        awaitWritten(1);
        say(c, "RESULT two\n");
        Proc.await(DEADLINE, "the bad result line", () -> log.contains("WARN p: bad result line: 'RESULT two'"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARN p: has entered the UNKNOWN state")), log.toString());
        assertEquals(1, bus.buffered("p"), "the event it had is back in the buffer");
        // Its next run starts afresh and gets it.
        c.stateChanged(ProcessState.EXITED);
        ListenerChannel next = bus.spawning("p", "p");
        next.stateChanged(ProcessState.RUNNING);
        say(next, "READY\n");
        awaitWritten(2);
        assertEquals(written.get(0), written.get(1));
    }

    @Test
    void aPoolOfTwoSendsEachEventToTheFirstReadyListener() throws Exception {
        List<ListenerChannel> to = new CopyOnWriteArrayList<>();
        bus.start((channel, bytes) -> {
            to.add(channel);
            written.add(new String(bytes, StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(true);
        });
        bus.poolAdded(pool("two", 10, EventType.PROCESS_GROUP));
        ListenerChannel first = bus.spawning("two", "two_0");
        ListenerChannel second = bus.spawning("two", "two_1");
        for (ListenerChannel c : List.of(first, second)) {
            c.stateChanged(ProcessState.RUNNING);
            say(c, "READY\n");
        }
        bus.publish(Event.of(EventType.PROCESS_GROUP_ADDED, "groupname:a\n", 0));
        awaitWritten(1);
        bus.publish(Event.of(EventType.PROCESS_GROUP_ADDED, "groupname:b\n", 0));
        awaitWritten(2);
        assertEquals(List.of(first, second), to, "the second while the first is busy");
        say(second, "RESULT 2\nOKREADY\n");
        bus.publish(Event.of(EventType.PROCESS_GROUP_ADDED, "groupname:c\n", 0));
        awaitWritten(3);
        assertEquals(second, to.get(2));
    }

    @Test
    void lenCountsCharactersAsSupervisordsPythonDoes() {
        Event e = new Event(EventType.REMOTE_COMMUNICATION, "type:x\n\u00e9\u20ac".getBytes(StandardCharsets.UTF_8), 0);
        String header = new String(Envelope.of("s", 0, "p", 0, e), StandardCharsets.UTF_8).split("\n")[0];
        assertTrue(header.endsWith(" len:9"), header);
    }

    @Test
    void ticksAreScheduledOnlyForAPoolThatSubscribesAndFallOnTheClocksMultiples() throws Exception {
        start();
        bus.poolAdded(pool("nothing", 10, EventType.PROCESS_STATE));
        Proc.await(DEADLINE, "the events thread idle, untimed", () -> bus.threadState() == Thread.State.WAITING);
        bus.poolAdded(pool("ticks", 10, EventType.TICK_5));
        Proc.await(DEADLINE, "a timed wait for the tick", () -> bus.threadState() == Thread.State.TIMED_WAITING);
        clock.set(1_764_081_005_400L);
        ListenerChannel c = bus.spawning("ticks", "ticks");
        c.stateChanged(ProcessState.RUNNING);
        say(c, "READY\n");
        awaitWritten(1);
        assertTrue(written.get(0).endsWith("eventname:TICK_5 len:15\nwhen:1764081005"), written.get(0));
        bus.poolRemoved("ticks");
        Proc.await(DEADLINE, "untimed again", () -> bus.threadState() == Thread.State.WAITING);
    }
}
