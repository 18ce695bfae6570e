package org.supervisordj.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.supervisordj.events.Event;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;

/**
 * A sink that also publishes each chunk it is handed as a PROCESS_LOG_STDOUT/STDERR event, as
 * supervisord's {@code POutputDispatcher._log} does with {@code *_events_enabled=true}: one event per
 * chunk read from the pipe, payload {@code processname:x groupname:y pid:N channel:stdout\n} + data.
 *
 * <p>The pid is the spawned child's, fixed per spawn by {@link #forChild}: output read before the
 * engine has recorded the pid must still carry it.
 */
public final class EventingSink implements LogSink {

    private final LogSink delegate;
    private final EventType type;
    private final String header; // "processname:x groupname:y pid:"
    private final String channel;
    private final Supplier<EventPublisher> events;
    private final int pid;

    public EventingSink(LogSink delegate, EventType type, String processName, String groupName,
                        Supplier<EventPublisher> events) {
        this(delegate, type, "processname:" + processName + " groupname:" + groupName + " pid:", events, 0);
    }

    private EventingSink(LogSink delegate, EventType type, String header, Supplier<EventPublisher> events, int pid) {
        this.delegate = delegate;
        this.type = type;
        this.header = header;
        this.channel = type == EventType.PROCESS_LOG_STDERR ? "stderr" : "stdout";
        this.events = events;
        this.pid = pid;
    }

    @Override
    public LogSink forChild(int childPid) {
        return new EventingSink(delegate.forChild(childPid), type, header, events, childPid);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        EventPublisher publisher = events.get();
        if (!bytes.hasRemaining() || !publisher.wants(type)) {
            delegate.write(bytes);
            return;
        }
        ByteBuffer copy = bytes.duplicate();
        delegate.write(bytes);
        publisher.publish(new Event(type, payload(copy), System.currentTimeMillis()));
    }

    private byte[] payload(ByteBuffer data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + 32 + data.remaining());
        out.writeBytes((header + pid + " channel:" + channel + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(PythonBytesRepr.utf8OrUndecodable(data));
        return out.toByteArray();
    }

    @Override
    public void reopen() throws IOException {
        delegate.reopen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
