package org.supervisordj.api;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.supervisordj.process.ProcessInfo;

/**
 * An answer rendered from the engine's snapshot once and served again while neither the snapshot
 * nor the wall-clock second has changed. Status answers (the JSON process list, XML-RPC
 * getAllProcessInfo) are what monitoring polls hardest, and serializing every record per request
 * was most of their cost. Their only time-dependent fields ({@code now}, uptime in the
 * description) have a resolution of one second, so the second is part of the key and a cached
 * answer is byte-for-byte what a fresh render would give.
 *
 * <p>The engine publishes a new list each loop turn even when nothing changed, so a new list is
 * compared by value before it costs a render. Safe for any number of threads without a lock: two
 * threads missing at once both render the same bytes, and the last one wins.
 *
 * @param <T> the rendered form; it must be immutable (the same instance answers many requests)
 */
public final class SnapshotRendering<T> {

    /** Renders {@code snapshot} (the engine's list, groups in start order) as of {@code epochSecond}. */
    public interface Renderer<T> {
        T render(List<ProcessInfo> snapshot, long epochSecond);
    }

    private record Rendered<T>(List<ProcessInfo> snapshot, long second, T value) {
    }

    private final Supplier<List<ProcessInfo>> snapshots;
    private final LongSupplier epochMillis;
    private final Renderer<T> renderer;
    private volatile Rendered<T> last;

    /** Renders what {@code snapshots} returns with {@code renderer}, the second taken from {@code epochMillis}. */
    public SnapshotRendering(Supplier<List<ProcessInfo>> snapshots, LongSupplier epochMillis, Renderer<T> renderer) {
        this.snapshots = snapshots;
        this.epochMillis = epochMillis;
        this.renderer = renderer;
    }

    /** Returns the current snapshot rendered as of the current second. */
    public T get() {
        List<ProcessInfo> snapshot = snapshots.get();
        long second = Math.floorDiv(epochMillis.getAsLong(), 1000L);
        Rendered<T> r = last;
        if (r != null && r.second() == second) {
            if (r.snapshot() == snapshot) return r.value();
            if (r.snapshot().equals(snapshot)) {
                last = new Rendered<>(snapshot, second, r.value()); // the next request matches by identity
                return r.value();
            }
        }
        T value = renderer.render(snapshot, second);
        last = new Rendered<>(snapshot, second, value);
        return value;
    }
}
