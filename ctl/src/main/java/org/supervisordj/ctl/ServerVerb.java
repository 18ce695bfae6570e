package org.supervisordj.ctl;

/**
 * A verb that talks to a server. Its {@code -s}/{@code -c}/{@code -u}/{@code -p} options are
 * mixed in when {@link Ctl} makes its command line, which sets {@link #server}.
 */
abstract class ServerVerb {
    ServerOptions server;
}
