package org.supervisordj.api.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.SpawnLatency;

/**
 * Everything one scrape shows, read without blocking anyone: the engine's published snapshot and
 * the counters beside it. Plain JDK and project types, so taking them loads no metrics library.
 *
 * @param processes         the engine's snapshot, groups in start order
 * @param stdoutBytes       bytes a namespec wrote to stdout
 * @param stderrBytes       bytes a namespec wrote to stderr
 * @param spawns            spawn durations
 * @param requests          API requests answered so far
 * @param version           the daemon's version
 * @param identifier        [supervisord] identifier
 * @param configFiles       the configuration files read, the main one first
 * @param startEpochSeconds when the daemon started
 * @param nowMillis         the wall clock of this scrape
 */
public record Readings(List<ProcessInfo> processes, ToLongFunction<String> stdoutBytes,
                       ToLongFunction<String> stderrBytes, SpawnLatency.Snapshot spawns,
                       Map<RequestCounts.Key, Long> requests, String version, String identifier,
                       List<String> configFiles, long startEpochSeconds, long nowMillis) {
}
