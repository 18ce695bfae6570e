package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/** The cache behind the status answers: a hit must be exactly what a fresh render would give. */
class SnapshotRenderingTest {

    private final AtomicReference<List<ProcessInfo>> snapshot = new AtomicReference<>(List.of(running(100)));
    private final AtomicLong clock = new AtomicLong(1_700_000_000_250L);
    private final AtomicInteger renders = new AtomicInteger();
    private final SnapshotRendering<String> cache = new SnapshotRendering<>(snapshot::get, clock::get, (s, second) -> {
        renders.incrementAndGet();
        return s.get(0).pid() + "@" + second;
    });

    private static ProcessInfo running(int pid) {
        return new ProcessInfo("web", "web", ProcessState.RUNNING, pid, 1_699_999_000L, 0, 0, "", 0, null, "/o", "/e");
    }

    @Test
    void sameSnapshotInTheSameSecondIsRenderedOnce() {
        String first = cache.get();
        clock.addAndGet(700); // still the same second
        assertSame(first, cache.get());
        assertEquals(1, renders.get());
        assertEquals("100@1700000000", first);
    }

    @Test
    void anEqualSnapshotPublishedAgainIsNotRenderedAgain() {
        String first = cache.get();
        snapshot.set(new ArrayList<>(List.of(running(100)))); // the engine's next loop turn: a new, equal list
        assertSame(first, cache.get());
        assertSame(first, cache.get());
        assertEquals(1, renders.get());
    }

    @Test
    void aChangedSnapshotIsRenderedAtOnce() {
        cache.get();
        snapshot.set(List.of(running(101)));
        assertEquals("101@1700000000", cache.get());
        assertEquals(2, renders.get());
    }

    @Test
    void theNextSecondIsRenderedAgainSoUptimeAndNowStayTrue() {
        cache.get();
        clock.addAndGet(750); // 1_700_000_001_000: the next second
        assertEquals("100@1700000001", cache.get());
        clock.addAndGet(-5_000); // the clock set back: rendered for that second, not served stale
        assertEquals("100@1699999996", cache.get());
        assertEquals(3, renders.get());
    }
}
