package org.supervisordj.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine;

/**
 * The workload bin/ctl records the class list of its class-data-sharing archive from: the usual
 * verbs against an in-process stand-in daemon on a temporary Unix socket, so that the classes of
 * the happy path (HTTP, JSON, the verbs, picocli's model) are all in the archive. Not a verb;
 * run by the launcher only, as {@code java -XX:DumpLoadedClassList=... org.supervisordj.ctl.CdsTraining}.
 */
public final class CdsTraining {
    private static final String INFO = "{\"name\":\"web\",\"group\":\"web\",\"namespec\":\"web\",\"state\":\"RUNNING\","
            + "\"statecode\":20,\"pid\":4242,\"start\":1764081000,\"stop\":0,\"now\":1764081062,\"uptime_s\":62,"
            + "\"exitstatus\":0,\"spawnerr\":\"\",\"restarts\":0,\"next_retry\":null,"
            + "\"description\":\"pid 4242, uptime 0:01:02\",\"stdout_logfile\":\"/tmp/web.log\",\"stderr_logfile\":\"\"}";

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ctl-cds");
        Path socket = dir.resolve("t.sock");
        Path conf = dir.resolve("t.conf");
        Files.writeString(conf, "[unix_http_server]\nfile = %(here)s/t.sock\n");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> serve(server), "cds-training");
            t.setDaemon(true);
            t.start();
            String url = "unix://" + socket;
            String[][] runs = {{"-s", url, "status"}, {"-s", url, "status", "web", "nope"}, {"-s", url, "start", "web"},
                {"-s", url, "stop", "web"}, {"-s", url, "restart", "web"}, {"-s", url, "pid"}, {"-s", url, "pid", "web"},
                {"-s", url, "tail", "web"}, {"-s", url, "tail", "-n", "1", "web"}, {"-s", url, "tail", "-f", "web"},
                {"-s", url, "version"}, {"-s", url, "status", "--json"}, {"-c", conf.toString(), "status"},
                {"-s", "unix://" + dir.resolve("missing.sock"), "status"}, {"--help"}};
            for (String[] run : runs) {
                CommandLine cmd = Ctl.commandLine(new Ctl(Map.of(), Style.COLOUR), run);
                cmd.setOut(new PrintWriter(Writer.nullWriter()));
                cmd.setErr(new PrintWriter(Writer.nullWriter()));
                cmd.execute(run);
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(conf);
            Files.deleteIfExists(dir);
        }
    }

    private static void serve(ServerSocketChannel server) {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                InputStream in = Channels.newInputStream(ch);
                OutputStream out = Channels.newOutputStream(ch);
                String target = line(in).split(" ")[1];
                while (!line(in).isEmpty()) {
                    // headers are not needed
                }
                if (target.contains("/log")) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nX-Log-Size: 6\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n6\r\nhello\n\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    String body = target.contains("/daemon") ? "{\"version\":\"0.1.0\",\"pid\":1}"
                            : target.endsWith("/start") || target.endsWith("/stop") || target.endsWith("/restart")
                            ? "{\"results\":[{\"name\":\"web\",\"group\":\"web\",\"status\":\"OK\",\"description\":\"OK\"}]}"
                            : "{\"processes\":[" + INFO + "]}";
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                            + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    out.write(b);
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (!server.isOpen()) return;
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') b.write(c);
        return b.toString(StandardCharsets.ISO_8859_1).strip();
    }
}
