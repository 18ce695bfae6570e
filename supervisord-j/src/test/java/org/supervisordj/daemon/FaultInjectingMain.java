package org.supervisordj.daemon;

import java.nio.file.Path;

import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.process.ProcessState;

/**
 * The real daemon with one fault planted, for {@link DaemonFailureEndToEndTest}. Arguments: the
 * configuration file, then {@code engine-error} (once program "bomb" starts, a state listener throws
 * an Error on the engine thread) or {@code sigterm-at-first-spawn} (the daemon gets SIGTERM as its
 * first program starts).
 */
public final class FaultInjectingMain {

    private FaultInjectingMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean sigterm = args[1].equals("sigterm-at-first-spawn");
        Daemon daemon = new Daemon(Path.of(args[0]), System.err, engine -> engine.addListener((p, from) -> {
            if (sigterm && p.state() == ProcessState.STARTING) {
                try {
                    ProcessSignals.kill(ProcessSignals.getpid(), org.supervisordj.posix.Signals.TERM);
                } catch (org.supervisordj.posix.PosixException e) {
                    throw new IllegalStateException(e);
                }
            } else if (!sigterm && p.name().equals("bomb") && p.state() == ProcessState.STARTING) {
                throw new Error("injected fault on the engine thread (test)");
            }
        }));
        System.exit(daemon.run());
    }
}
