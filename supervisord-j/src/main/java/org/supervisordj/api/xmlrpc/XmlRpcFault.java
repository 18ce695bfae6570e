package org.supervisordj.api.xmlrpc;

import org.supervisordj.process.Fault;

/**
 * An XML-RPC fault, supervisord's {@code RPCError}: the code is the fault's number and the text is
 * its name, followed by {@code ": extra"} when there is an extra (e.g. {@code BAD_NAME: foo}).
 */
public final class XmlRpcFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    /** Creates the fault {@code fault} with no extra text ({@code UNKNOWN_METHOD}). */
    public XmlRpcFault(Fault fault) {
        this(fault, null);
    }

    /** Creates the fault {@code fault} whose text is {@code NAME: extra}, or {@code NAME} when extra is null. */
    public XmlRpcFault(Fault fault, String extra) {
        super(extra == null ? fault.name() : fault.name() + ": " + extra, null, false, false);
        this.code = fault.code();
    }

    /** Returns the numeric fault code (faultCode). */
    public int code() {
        return code;
    }

    /** Returns the fault text (faultString). */
    public String text() {
        return getMessage();
    }
}
