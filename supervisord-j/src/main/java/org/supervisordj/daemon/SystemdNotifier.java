package org.supervisordj.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.UnixDatagramSender;
import org.supervisordj.process.Engine;
import org.supervisordj.process.EngineLog;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/**
 * Tells systemd ({@code Type=notify}) how the daemon is doing, over the datagram socket named by
 * {@code $NOTIFY_SOCKET} (a path, or {@code @name} for the abstract namespace). Without that variable
 * every method does nothing.
 *
 * <ul>
 *   <li>{@code READY=1} once every autostart process has left STARTING (RUNNING, or BACKOFF/EXITED/FATAL
 *       when it failed: a broken program shows in STATUS instead of failing the unit), and not before the
 *       signal handlers are installed ({@link #wrap}); at once when nothing autostarts.</li>
 *   <li>{@code STATUS=2 RUNNING, 1 other (1 FATAL)} on state changes, at most twice a second.</li>
 *   <li>{@code RELOADING=1} + {@code MONOTONIC_USEC} on SIGHUP, {@code READY=1} when the reload is applied
 *       (or rejected); {@code STOPPING=1} on SIGTERM/SIGINT.</li>
 *   <li>{@code WATCHDOG=1} every {@code WATCHDOG_USEC}/2 when systemd asks for it (and {@code WATCHDOG_PID}
 *       is unset or ours), but only while the engine thread answers: a hung engine gets the unit restarted.</li>
 * </ul>
 * Engine listeners hand off to one notifier thread; sends are non-blocking; a failed send is logged once
 * and never stops the daemon.
 */
public final class SystemdNotifier implements AutoCloseable {

    static final long STATUS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500); // ≤ 2 STATUS lines a second
    private static final long STATUS_SETTLE_MILLIS = 50; // one line for a burst of changes

    private final String address; // null: disabled
    private final UnixDatagramSender sender; // null when disabled
    private final long watchdogUsec; // 0: no watchdog
    private final EngineLog log;
    private final ScheduledExecutorService thread; // the notifier thread; null when disabled
    private final AtomicBoolean engineAnswered = new AtomicBoolean(true);

    // ---- notifier thread only ----
    private boolean sendFailed;
    private Engine engine;
    private final Set<String> pending = new HashSet<>(); // autostart namespecs still to leave STARTING
    private final Map<String, ProcessState> lastEvent = new HashMap<>();
    private boolean armed; // signal handlers installed
    private boolean ready; // READY=1 sent (and not withdrawn by RELOADING=1)
    private boolean everReady;
    private boolean stopping;
    private boolean statusScheduled;
    private long lastStatusNanos = System.nanoTime() - STATUS_INTERVAL_NANOS;
    private String lastStatus = "";

    SystemdNotifier(Map<String, String> env, long pid, EngineLog log) {
        this.log = log;
        String socket = env.get("NOTIFY_SOCKET");
        this.address = socket == null || socket.isEmpty() ? null
                : socket.startsWith("@") ? "\u0000" + socket.substring(1) : socket;
        this.sender = address == null ? null : new UnixDatagramSender(address);
        this.watchdogUsec = address == null ? 0 : watchdogUsec(env, pid);
        this.thread = address == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "systemd-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Returns a notifier for this process's environment: a no-op one when systemd did not set NOTIFY_SOCKET. */
    public static SystemdNotifier fromEnvironment(EngineLog log) {
        return new SystemdNotifier(System.getenv(), ProcessSignals.getpid(), log);
    }

    /** Returns the interval systemd expects, in microseconds, or 0 when the watchdog is off or not for us. */
    static long watchdogUsec(Map<String, String> env, long pid) {
        try {
            long usec = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0").strip());
            String forPid = env.get("WATCHDOG_PID");
            if (forPid != null && !forPid.isBlank() && Long.parseLong(forPid.strip()) != pid) return 0;
            return Math.max(0, usec);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Returns true when systemd is listening. */
    public boolean enabled() {
        return address != null;
    }

    /** Returns the watchdog interval in microseconds, 0 when none. */
    long watchdogUsec() {
        return watchdogUsec;
    }

    /**
     * Follows {@code engine}, which must not be booted yet (so no state change is missed); READY waits for
     * the autostart programs of {@code config}. Starts the watchdog timer when systemd asked for one.
     */
    public void attach(Engine engine, Configuration config) {
        if (!enabled()) return;
        Set<String> autostart = new HashSet<>();
        for (GroupConfig g : config.groups()) {
            for (ProgramConfig p : g.processes()) if (p.autostart()) autostart.add(p.namespec());
        }
        thread.execute(() -> {
            this.engine = engine;
            pending.addAll(autostart);
        });
        engine.addListener((info, from) -> thread.execute(() -> changed(info, from))); // never block the engine
        if (watchdogUsec > 0) {
            long period = Math.max(1, watchdogUsec / 2);
            thread.scheduleAtFixedRate(this::watchdog, 0, period, TimeUnit.MICROSECONDS);
        }
    }

    /**
     * Returns {@code daemon}'s signal actions with the notifications around them; from here on READY may be
     * sent (the daemon reacts to systemd's SIGTERM properly). Returns {@code daemon} itself when disabled.
     */
    SignalBridge.Actions wrap(SignalBridge.Actions daemon) {
        if (!enabled()) return daemon;
        thread.execute(() -> {
            armed = true;
            maybeReady();
        });
        return new SignalBridge.Actions() {
            @Override
            public void shutdown(String signal) {
                stopping();
                daemon.shutdown(signal);
            }

            @Override
            public void reload() {
                reloading();
                try {
                    daemon.reload(); // synchronous: returns once the new configuration is applied or rejected
                } finally {
                    reloaded();
                }
            }

            @Override
            public void reopenLogs() {
                daemon.reopenLogs();
            }
        };
    }

    /** Sends RELOADING=1 with the CLOCK_MONOTONIC time of the request (System.nanoTime is that clock on Linux). */
    void reloading() {
        if (!enabled()) return;
        long usec = System.nanoTime() / 1000;
        thread.execute(() -> {
            if (stopping || !ready) return; // still starting: READY comes when the programs are up, as usual
            ready = false;
            send("RELOADING=1\nMONOTONIC_USEC=" + usec + "\nSTATUS=Reloading configuration");
        });
    }

    /** Sends READY=1 again after a reload, unless the daemon never was ready (then the start-up rule applies). */
    void reloaded() {
        if (!enabled()) return;
        thread.execute(() -> {
            if (stopping) return;
            if (everReady) {
                sendReady();
            } else if (engine != null) { // a program the reload removed can no longer hold READY back
                Set<String> present = new HashSet<>();
                for (ProcessInfo p : engine.snapshot()) present.add(p.namespec());
                pending.retainAll(present);
                maybeReady();
            }
        });
    }

    /** Sends STOPPING=1. */
    void stopping() {
        if (!enabled()) return;
        thread.execute(() -> {
            if (stopping) return;
            stopping = true;
            send("STOPPING=1\nSTATUS=Stopping programs");
        });
    }

    /** Sends what is queued (STOPPING=1 in particular), stops the timer and closes the socket. */
    @Override
    public void close() {
        if (!enabled()) return;
        thread.shutdown(); // queued sends still run; the periodic watchdog does not
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        sender.close();
    }

    // ---- notifier thread ---------------------------------------------------------------------

    private void changed(ProcessInfo info, ProcessState from) {
        lastEvent.put(info.namespec(), info.state());
        if (from == ProcessState.STARTING) {
            pending.remove(info.namespec());
            maybeReady();
        }
        scheduleStatus();
    }

    private void maybeReady() {
        if (everReady || !armed || stopping || engine == null || !pending.isEmpty()) return;
        everReady = true;
        sendReady();
        scheduleStatus(); // nothing may change for a long time: recount once the boot's snapshot is out
    }

    private void sendReady() {
        ready = true;
        String status = status();
        send("READY=1\nSTATUS=" + status);
        lastStatus = status;
        lastStatusNanos = System.nanoTime();
    }

    private void scheduleStatus() {
        if (statusScheduled) return;
        statusScheduled = true;
        long dueIn = lastStatusNanos + STATUS_INTERVAL_NANOS - System.nanoTime();
        thread.schedule(this::sendStatus, Math.max(STATUS_SETTLE_MILLIS, TimeUnit.NANOSECONDS.toMillis(dueIn)),
                TimeUnit.MILLISECONDS);
    }

    private void sendStatus() {
        statusScheduled = false;
        if (engine == null) return;
        String status = status();
        if (status.equals(lastStatus)) return;
        lastStatus = status;
        lastStatusNanos = System.nanoTime();
        send("STATUS=" + status);
    }

    /**
     * Returns e.g. {@code 2 RUNNING, 1 other (1 FATAL)}: the engine's snapshot, corrected by the state changes
     * this thread has heard of. The engine publishes its snapshot only after the listeners have run (after a
     * whole batch of spawns at boot), so the events can be newer; when the snapshot is newer instead, an
     * event is still queued here and a later line corrects this one.
     */
    String status() {
        if (engine == null) return "starting";
        Map<String, ProcessState> view = new LinkedHashMap<>();
        for (ProcessInfo p : engine.snapshot()) view.put(p.namespec(), p.state());
        for (Iterator<Map.Entry<String, ProcessState>> it = lastEvent.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ProcessState> e = it.next();
            if (view.containsKey(e.getKey()) || !e.getValue().isStopped()) view.put(e.getKey(), e.getValue());
            else it.remove(); // stopped and gone from the snapshot: its group was removed
        }
        return status(view.values());
    }

    static String status(Collection<ProcessState> processes) {
        int running = 0;
        Map<ProcessState, Integer> others = new TreeMap<>();
        for (ProcessState state : processes) {
            if (state == ProcessState.RUNNING) running++;
            else others.merge(state, 1, Integer::sum);
        }
        int other = processes.size() - running;
        StringBuilder sb = new StringBuilder().append(running).append(" RUNNING, ").append(other).append(" other");
        if (other > 0) {
            sb.append(" (");
            others.forEach((state, n) -> sb.append(n).append(' ').append(state).append(", "));
            sb.setLength(sb.length() - 2);
            sb.append(')');
        }
        return sb.toString();
    }

    private void watchdog() {
        if (engine != null && engine.failed()) {
            return; // the daemon is stopping its programs and exiting with a failure; no ping keeps it alive
        }
        if (stopping || engine == null || engineAnswered.getAndSet(false)) {
            send("WATCHDOG=1");
        } else {
            log.log(LogLevel.CRITICAL, "the supervisor thread has not answered for " + watchdogUsec / 2000
                    + " ms; withholding the systemd watchdog ping");
        }
        if (!stopping && engine != null) {
            engine.ping().whenComplete((r, e) -> { // the callback only sets a flag
                if (e == null) engineAnswered.set(true); // a failed ping is no answer
            });
        }
    }

    /** Sends one datagram without blocking; the first failure is logged, later ones are not. */
    void send(String message) {
        try {
            sender.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            if (sendFailed) return;
            sendFailed = true;
            log.log(LogLevel.WARN, "can't notify systemd through " + sender.address() + " (" + e
                    + "); further failures are not logged");
        }
    }
}
