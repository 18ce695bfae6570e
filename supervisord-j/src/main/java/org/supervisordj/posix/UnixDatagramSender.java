package org.supervisordj.posix;

import java.io.IOException;
import java.nio.ByteBuffer;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * Sends datagrams to one Unix datagram socket (a path, or {@code "\0name"} in the abstract namespace)
 * without ever blocking: a full receiver queue is a failed send, not a wait. Unconnected, so a receiver
 * that restarts (a new socket at the same path) is reached again by the next send. Safe from any thread.
 */
public final class UnixDatagramSender implements AutoCloseable {

    private final String address;
    private UnixDatagramChannel channel; // guarded by this; opened on the first send

    public UnixDatagramSender(String address) {
        this.address = address;
    }

    /** Returns the address as given, the abstract namespace's NUL shown as {@code @}. */
    public String address() {
        return address.replace('\u0000', '@');
    }

    /**
     * Sends {@code datagram} whole.
     *
     * @throws IOException when it was not sent: no socket there, nobody bound to it, its queue full, too long
     */
    public synchronized void send(ByteBuffer datagram) throws IOException {
        if (channel == null) {
            UnixDatagramChannel opened = UnixDatagramChannel.open();
            opened.configureBlocking(false);
            channel = opened;
        }
        int length = datagram.remaining();
        int sent = channel.send(datagram, new UnixSocketAddress(address));
        if (sent != length) throw new IOException(sent == 0 ? "the socket's queue is full" : "sent " + sent + " of " + length + " bytes");
    }

    @Override
    public synchronized void close() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a datagram socket we only sent on
        }
        channel = null;
    }
}
