package org.supervisordj.config;

/**
 * The {@code stdout_*} or {@code stderr_*} options of one process.
 *
 * @param logfile         where the stream is written
 * @param maxbytes        rotate when the file reaches this size; 0 never rotates
 * @param backups         rotated files kept (name.1 .. name.N); 0 truncates in place
 * @param captureMaxbytes capture mode's buffer for PROCESS_COMMUNICATION events; 0 turns capture mode off
 * @param eventsEnabled   supervisord's PROCESS_LOG_STDOUT/STDERR events, one per chunk read
 * @param syslog          also send the stream's lines to the local syslog
 * @param timestamps      *_logfile_timestamps (extension): stamp each line in the file; null when not
 *                        set, so [supervisord] log_timestamps decides
 */
public record StreamLogConfig(LogTarget logfile, long maxbytes, int backups, long captureMaxbytes,
                              boolean eventsEnabled, boolean syslog, Boolean timestamps) {

    /** Whether the file gets timestamps, with [supervisord] log_timestamps as the default. */
    public boolean timestamps(SupervisordConfig sup) {
        return timestamps != null ? timestamps : sup.logTimestamps();
    }
}
