package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each app server of the guide as conf.d/examples/appservers runs it: the Django site through nginx;
 * kill -9 of a master brings it back; {@code ctl restart web:*} and {@code ctl restart --rolling web:*} of
 * the two instances on the held socket lose no request of a request loop through nginx; the same
 * server binding its own port (supervisord's way) loses some on {@code ctl restart}: the baseline, printed
 * (and appended to target/appservers-e2e-figures.txt); how many is not asserted, it depends on timing.
 * {@code -Dappservers=uwsgi,daphne} runs only those.
 */
class AppServersIT {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(AppServerStack.Server.class)
    void restartsWithoutLosingARequest(AppServerStack.Server server) throws Exception {
        String only = System.getProperty("appservers", "");
        assumeTrue(only.isEmpty() || java.util.List.of(only.split(",")).contains(server.name), "not in -Dappservers=" + only);
        assumeTrue(Files.exists(server.installed), "skipped: " + server.name + " is not installed (" + server.installed
                + "; .ci/run installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "skipped: nginx is not installed");
        String example = Files.readString(Launchers.ROOT.resolve("conf.d/examples/appservers/" + server.name + ".conf"));
        String command = example.lines().filter(l -> l.startsWith("command=")).findFirst().orElseThrow().substring(8);
        assertTrue(Files.readString(Launchers.ROOT.resolve("docs/deploy.md")).contains("`" + command + "`"),
                "docs/deploy.md (section 5) does not show " + server.name + "'s command as the example has it: " + command);
        try (AppServerStack stack = AppServerStack.start(server, work)) {
            // The page comes from this server through nginx; static files from nginx itself.
            Map.Entry<String, Long> answer = stack.servedBy(stack.front);
            assertNotNull(answer, "no page through nginx");
            assertEquals(server.name, answer.getKey());
            HttpResponse<String> css = stack.get(stack.front, "/static/site.css");
            assertEquals(200, css.statusCode());
            assertTrue(css.headers().firstValue("X-App-Server").isEmpty(), "static files come from nginx, not Django");

            // kill -9 of one instance's master: a new master, and it answers on the held socket.
            long master = stack.pid("web:web-0");
            assertTrue(master > 0, "web:web-0 has no pid\n" + stack.log());
            ProcessHandle.of(master).orElseThrow().destroyForcibly();
            long[] again = {0};
            Launchers.await(AppServerStack.DEADLINE, "a new web:web-0", () -> (again[0] = stack.pid("web:web-0")) > 0 && again[0] != master);
            Launchers.await(AppServerStack.DEADLINE, "an answer from the new web:web-0 (" + again[0] + ")", () -> {
                // Through nginx: a new connection to the held socket each time (the test's client keeps its own alive).
                Map.Entry<String, Long> by = stack.servedBy(stack.front);
                return by != null && (by.getValue() == again[0] || parent(by.getValue()) == again[0]);
            });

            RequestLoop held = lossDuring(stack, stack.front, "restart", "web:*");
            RequestLoop rolling = lossDuring(stack, stack.front, "restart", "--rolling", "web:*");
            RequestLoop baseline = lossDuring(stack, stack.baseline, "restart", "baseline");
            String figures = String.format("%s: held socket, ctl restart web:* (2 instances): %s; ctl restart --rolling web:*: %s; "
                    + "own port (baseline), ctl restart: %s%n", server.name, held, rolling, baseline);
            System.out.print(figures);
            Files.writeString(Path.of("target/appservers-e2e-figures.txt"), figures, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (server == AppServerStack.Server.DAPHNE) {
                // Daphne's stop cancels the requests it is answering and keeps accepting until its
                // reactor stops (kill_all_applications runs "before shutdown"). nginx retries such a
                // request on the held socket, up to four times; when both instances stop at once
                // every try can reach a stopping one. Then nginx answers 502: never a refused
                // connection, which is what the held socket is for. docs/deploy.md says so.
                assertEquals(held.lost(), held.badGateway(), server.name + ", ctl restart with the held socket: only 502s: " + held);
                assertTrue(held.lost() <= 2, server.name + ", ctl restart with the held socket: " + held);
            } else {
                assertEquals(0, held.lost(), server.name + ", ctl restart with the held socket: " + held);
            }
            assertEquals(0, rolling.lost(), server.name + ", rolling restart: " + rolling);
            // Its port is closed from the old server's stop until the new one has booted, hundreds of ms
            // at least, while the loop sends a request every millisecond or so: never none refused.
            assertTrue(baseline.lost() > 0, server.name + " on its own port lost nothing on ctl restart: " + baseline);
        }
    }

    /** Runs {@code ctl args} (which must succeed) while a request loop on {@code port} runs; returns the finished loop. */
    private static RequestLoop lossDuring(AppServerStack stack, int port, String... args) throws Exception {
        try (RequestLoop load = new RequestLoop(port)) {
            load.awaitMore(20, AppServerStack.DEADLINE);
            Launchers.Run r = stack.ctl(args);
            assertEquals(0, r.exit(), "ctl " + String.join(" ", args) + ": " + r.out() + r.err());
            load.awaitMore(20, AppServerStack.DEADLINE);
            load.close();
            return load;
        }
    }

    private static long parent(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
