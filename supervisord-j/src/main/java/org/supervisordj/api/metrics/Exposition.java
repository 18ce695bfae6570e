package org.supervisordj.api.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;
import org.supervisordj.process.SpawnLatency;

/**
 * Turns one scrape's {@link Readings} into the Prometheus text format or OpenMetrics (as the
 * Accept header asks) with the Prometheus Java client's data model and writers. The JVM loads this
 * class, and the library with it, on the first scrape only: a daemon nobody scrapes pays nothing.
 * Metric names and labels are documented in docs/metrics.md.
 */
public final class Exposition {

    /** A rendered scrape: its Content-Type and body. */
    public record Rendered(String contentType, byte[] body) {
    }

    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();
    private static final ExpositionFormatWriter PROMETHEUS_TEXT = PrometheusTextFormatWriter.create();

    private Exposition() {
    }

    /** Renders {@code r} in the format {@code accept} (may be null) prefers. */
    public static Rendered render(String accept, Readings r) {
        ExpositionFormatWriter writer = accept != null && OPEN_METRICS.accepts(accept) ? OPEN_METRICS : PROMETHEUS_TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, snapshots(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return new Rendered(writer.getContentType(), out.toByteArray());
    }

    static MetricSnapshots snapshots(Readings r) {
        List<MetricSnapshot> all = new ArrayList<>();
        all.addAll(daemon(r));
        all.addAll(processes(r));
        all.add(spawnDurations(r.spawns()));
        all.add(requests(r.requests()));
        return new MetricSnapshots(all);
    }

    private static List<MetricSnapshot> daemon(Readings r) {
        InfoSnapshot.Builder files = InfoSnapshot.builder().name("supervisord_config_file")
                .help("A configuration file the daemon read (the main one has main=\"true\")");
        for (int i = 0; i < r.configFiles().size(); i++) {
            files.dataPoint(InfoDataPointSnapshot.builder()
                    .labels(Labels.of("path", r.configFiles().get(i), "main", Boolean.toString(i == 0))).build());
        }
        return List.of(
                InfoSnapshot.builder().name("supervisord_daemon").help("The daemon's version and identifier")
                        .dataPoint(InfoDataPointSnapshot.builder()
                                .labels(Labels.of("version", r.version(), "identifier", r.identifier())).build())
                        .build(),
                files.build(),
                gauge("supervisord_start_time_seconds", "When the daemon started, in seconds since the epoch",
                        Unit.SECONDS, List.of(point(Labels.EMPTY, r.startEpochSeconds()))),
                gauge("supervisord_uptime_seconds", "How long the daemon has been running", Unit.SECONDS,
                        List.of(point(Labels.EMPTY, Math.max(0, r.nowMillis() / 1000.0 - r.startEpochSeconds())))));
    }

    private static List<MetricSnapshot> processes(Readings r) {
        List<GaugeDataPointSnapshot> up = new ArrayList<>();
        List<GaugeDataPointSnapshot> started = new ArrayList<>();
        List<GaugeDataPointSnapshot> exitCode = new ArrayList<>();
        List<GaugeDataPointSnapshot> healthy = new ArrayList<>();
        List<CounterDataPointSnapshot> restarts = new ArrayList<>();
        List<CounterDataPointSnapshot> logBytes = new ArrayList<>();
        StateSetSnapshot.Builder states = StateSetSnapshot.builder().name("supervisord_process_state")
                .help("The process's supervisord state: 1 for the state it is in");
        for (ProcessInfo p : r.processes()) {
            Labels l = Labels.of("group", p.group(), "name", p.name());
            up.add(point(l, p.state() == ProcessState.RUNNING ? 1 : 0));
            StateSetDataPointSnapshot.Builder s = StateSetDataPointSnapshot.builder().labels(l);
            for (ProcessState state : ProcessState.values()) s.state(state.name(), state == p.state());
            states.dataPoint(s.build());
            if (p.start() > 0) started.add(point(l, p.start()));
            if (p.stop() > 0) exitCode.add(point(l, p.exitstatus()));
            Double health = healthy(p);
            if (health != null) healthy.add(point(l, health));
            restarts.add(count(l, p.restartCount()));
            logBytes.add(count(l.add("stream", "stdout"), r.stdoutBytes().applyAsLong(p.namespec())));
            logBytes.add(count(l.add("stream", "stderr"), r.stderrBytes().applyAsLong(p.namespec())));
        }
        return List.of(
                gauge("supervisord_process_up", "1 when the process is RUNNING, else 0", null, up),
                states.build(),
                gauge("supervisord_process_start_time_seconds", "When the process was last started, in seconds"
                        + " since the epoch (absent before its first start)", Unit.SECONDS, started),
                counter("supervisord_process_restarts", "Automatic restarts after the process had been RUNNING",
                        null, restarts),
                gauge("supervisord_process_exit_code", "The exit status of the process's last exit, -1 for a"
                        + " death by signal (absent before its first exit)", null, exitCode),
                gauge("supervisord_process_healthy", "1 when the process's health check passes, 0 when it"
                        + " fails (absent without a health check or before its first answer)", null, healthy),
                counter("supervisord_process_log_bytes", "Bytes the process wrote to its stdout or stderr, as"
                        + " captured for its log", Unit.BYTES, logBytes));
    }

    /**
     * The health verdict, where one is known: 1 healthy, 0 unhealthy, null when there is no check
     * (or it has not answered yet). The hook for richer health states (readiness, dependencies).
     */
    static Double healthy(ProcessInfo p) {
        Boolean verdict = p.health().healthy();
        return verdict == null ? null : verdict ? 1.0 : 0.0;
    }

    private static HistogramSnapshot spawnDurations(SpawnLatency.Snapshot s) {
        return HistogramSnapshot.builder().name("supervisord_spawn_duration_seconds")
                .help("Time from the decision to spawn a process to posix_spawn returning (successful spawns)")
                .unit(Unit.SECONDS)
                .dataPoint(HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(s.upperBounds(), s.counts()))
                        .sum(s.sumSeconds()).build())
                .build();
    }

    private static CounterSnapshot requests(Map<RequestCounts.Key, Long> counts) {
        List<CounterDataPointSnapshot> points = new ArrayList<>();
        counts.forEach((k, n) -> points.add(count(Labels.of("method", k.method(), "route", k.route(),
                "code", Integer.toString(k.status())), n)));
        return counter("supervisord_api_requests", "API requests answered, by method, route pattern and status"
                + " code", null, points);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static CounterDataPointSnapshot count(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeSnapshot gauge(String name, String help, Unit unit, List<GaugeDataPointSnapshot> points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) b.unit(unit);
        points.forEach(b::dataPoint);
        return b.build();
    }

    private static CounterSnapshot counter(String name, String help, Unit unit, List<CounterDataPointSnapshot> points) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) b.unit(unit);
        points.forEach(b::dataPoint);
        return b.build();
    }
}
