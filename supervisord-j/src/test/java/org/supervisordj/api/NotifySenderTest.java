package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.posix.Proc;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.process.ProcessState;

/**
 * A program's NOTIFY_SOCKET is an abstract name any local user can find in /proc/net/unix: the daemon
 * takes only the messages sent by root or the program's own user (the kernel's SCM_CREDENTIALS), so
 * another user cannot make a program RUNNING early, and an empty datagram does not close the socket.
 */
class NotifySenderTest {

    @TempDir
    Path dir;

    static final String SEND = "import socket, sys\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "a = sys.argv[1]\n"
            + "s.sendto(sys.argv[2].encode().decode('unicode_escape').encode(), '\\0' + a[1:] if a.startswith('@') else a)\n";

    /** Sends {@code message} (with \n escapes) to {@code address}, as {@code uid} when given. */
    static void send(String address, String message, Integer uid) throws Exception {
        List<String> argv = new ArrayList<>();
        if (uid != null) argv.addAll(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        argv.addAll(List.of("/usr/bin/python3", "-c", SEND, address, message));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertTrue(p.waitFor(Proc.DEADLINE.toSeconds(), TimeUnit.SECONDS), "sender finished");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void onlyRootAndTheProgramsUserAreHeardAndAnEmptyDatagramEndsNothing() throws Exception {
        Assumptions.assumeTrue(ProcessSignals.isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root (to send as another user) and setpriv");
        Path addr = dir.resolve("addr");
        String programs = "[program:gate]\ncommand=/bin/sh -c 'printf %%s \"$NOTIFY_SOCKET\" > " + addr
                + ".tmp && mv " + addr + ".tmp " + addr + " && exec sleep 1000'\nready=notify\nready_timeout=60\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            Proc.awaitFile(addr);
            String socket = Files.readString(addr);
            assertTrue(socket.startsWith("@"), socket);

            // nobody (uid 65534): an empty datagram, then what would make the program RUNNING
            send(socket, "", 65534);
            send(socket, "STATUS=spoofed\\nREADY=1", 65534);
            TestDaemon.await(() -> d.log.stream().anyMatch(l -> l.contains("ignoring notify messages to gate from uid 65534")),
                    "the stranger's message refused in the daemon log");
            // root's empty datagram is read and ignored, and the socket stays open for what follows;
            // a STATUS= after the stranger's READY=1 shows that it was read, and refused
            send(socket, "", null);
            send(socket, "STATUS=checkpoint", null);
            TestDaemon.await(() -> d.info("gate").description().contains("checkpoint"), "root's STATUS=");
            assertEquals(ProcessState.STARTING, d.info("gate").state(), "the stranger's READY=1 ignored");
            send(socket, "STATUS=genuine\\nREADY=1", null);
            d.awaitState("gate", ProcessState.RUNNING);
            TestDaemon.await(() -> d.info("gate").description().endsWith(", genuine"), "the genuine STATUS=");
            assertFalse(String.join("\n", d.log).contains("spoofed"), String.join("\n", d.log));
            assertEquals(1, d.log.stream().filter(l -> l.contains("ignoring notify messages")).count(),
                    "a refused sender is logged once per socket: " + String.join("\n", d.log));
        }
    }
}
