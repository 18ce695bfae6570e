package org.supervisordj.api;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.StringUtil;

/**
 * HTTP/1.1 for the Unix socket, where an empty {@code Host:} header is read as {@code localhost}.
 * supervisorctl's {@code tail -f} and {@code maintail -f} send {@code Host: } (the host part of a
 * {@code unix://} URL is empty), which Jetty refuses with 400 "Blank Host"; a Unix socket has no
 * host to name anyway. This reaches into Jetty's internal HttpConnection (pinned Jetty version;
 * SupervisorctlCompatTest's tail -f test fails if an upgrade breaks it).
 */
final class UnixHttpConnectionFactory extends HttpConnectionFactory {

    UnixHttpConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected RequestHandler newRequestHandler() {
                return new RequestHandler() {
                    @Override
                    public void parsedHeader(HttpField field) {
                        boolean blankHost = field.getHeader() == HttpHeader.HOST && StringUtil.isBlank(field.getValue());
                        super.parsedHeader(blankHost ? new HostPortHttpField("localhost") : field);
                    }
                };
            }
        };
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }
}
