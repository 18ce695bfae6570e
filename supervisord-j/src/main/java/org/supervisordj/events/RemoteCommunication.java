package org.supervisordj.events;

/** REMOTE_COMMUNICATION, as supervisord 4.2.5 sends it from sendRemoteCommEvent(type, data): {@code type:T\nDATA}. */
public final class RemoteCommunication {

    private RemoteCommunication() {
    }

    /** Returns the event for {@code type} and {@code data}, stamped {@code epochMillis}. */
    public static Event of(String type, String data, long epochMillis) {
        return Event.of(EventType.REMOTE_COMMUNICATION, "type:" + type + "\n" + data, epochMillis);
    }
}
