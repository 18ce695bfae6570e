package org.supervisordj.api;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jetty.util.Callback;

import org.supervisordj.config.ConfigDiff;
import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigProblem;
import org.supervisordj.config.Configuration;
import org.supervisordj.process.ReloadResult;

/** The daemon-wide routes: /daemon, /reread, /update, /restart, /log/clear and /shutdown. */
final class DaemonRoutes {

    void register(Router router) {
        router.add("GET", "/api/v1/daemon", this::daemon)
                .add("POST", "/api/v1/reread", this::reread)
                .add("POST", "/api/v1/update", this::update)
                .add("POST", "/api/v1/restart", this::restart)
                .add("POST", "/api/v1/log/clear", this::clearLog)
                .add("POST", "/api/v1/shutdown", this::shutdown);
    }

    private void daemon(Exchange ex) {
        ApiServer.Hooks hooks = ex.hooks();
        ApiServer.DaemonInfo info = hooks.daemonInfo();
        Configuration config = hooks.current();
        ex.json(200, new JsonBodies.Daemon(info.version(), info.pid(), info.startEpochSeconds(),
                hooks.shuttingDown() ? "SHUTDOWN" : "RUNNING", config.supervisord().identifier(),
                config.files().stream().map(Path::toString).toList()));
    }

    private void reread(Exchange ex) {
        refuseWhenShuttingDown(ex);
        ex.executor.execute(() -> { // reading files blocks: not on a selector thread
            try {
                Configuration next = ex.hooks().reread();
                ConfigDiff diff = ConfigDiff.between(ex.hooks().current(), next);
                ex.json(200, new JsonBodies.Changes(ConfigDiff.names(diff.added()), ConfigDiff.names(diff.changed()),
                        ConfigDiff.names(diff.removed()), warnings(next)));
            } catch (ConfigException e) {
                cantReread(ex, e);
            } catch (RuntimeException e) {
                ex.fail(e);
            }
        });
    }

    private void update(Exchange ex) {
        apply(ex, false, ex.booleanQuery("rolling", false));
    }

    // supervisord's restart: every program stops and starts again from the reread files, same daemon.
    private void restart(Exchange ex) {
        apply(ex, true, false);
    }

    private void clearLog(Exchange ex) {
        ex.executor.execute(() -> {
            try {
                if (ex.hooks().clearLog()) ex.json(200, new JsonBodies.Status("cleared"));
                else throw new ApiException(ApiFault.NO_FILE, "the daemon logs to no file");
            } catch (java.io.IOException e) {
                ex.fail(new ApiException(ApiFault.FAILED, "couldn't clear the log file: "
                        + org.supervisordj.logging.Reason.of(e)));
            } catch (RuntimeException e) {
                ex.fail(e);
            }
        });
    }

    private void apply(Exchange ex, boolean restart, boolean rolling) {
        refuseWhenShuttingDown(ex);
        ex.executor.execute(() -> {
            try {
                (restart ? ex.hooks().restart() : rolling ? ex.hooks().updateRolling() : ex.hooks().update())
                        .whenCompleteAsync((updated, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        if (cause instanceof ConfigException e) cantReread(ex, e);
                        else ex.fail(failure);
                        return;
                    }
                    ReloadResult r = updated.changes();
                    if (updated.rolled() == null) {
                        ex.json(200, new JsonBodies.Changes(r.added(), r.changed(), r.removed(), warnings(updated.config())));
                        return;
                    }
                    // A roll that stopped answers with its error, as a rolling restart does.
                    JsonBodies.Error error = updated.rolled().stream().map(ProcessRoutes::error)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                    ex.json(ProcessRoutes.statusOf(updated.rolled()), new JsonBodies.Changes(r.added(), r.changed(),
                            r.removed(), warnings(updated.config()),
                            updated.rolled().stream().map(ProcessRoutes::result).toList(), error));
                }, ex.executor);
            } catch (RuntimeException e) {
                ex.fail(e);
            }
        });
    }

    private void shutdown(Exchange ex) {
        // Answer first, then ask the daemon to stop: the client should hear the 202 before the socket goes.
        ex.json(202, new JsonBodies.Status("shutting down"), Callback.from(() -> {
            ex.callback.succeeded();
            ex.executor.execute(ex.hooks()::shutdown);
        }, failure -> {
            ex.callback.failed(failure);
            ex.executor.execute(ex.hooks()::shutdown);
        }));
    }

    private static void refuseWhenShuttingDown(Exchange ex) {
        if (ex.hooks().shuttingDown()) throw new ApiException(ApiFault.SHUTDOWN_STATE, "the daemon is shutting down");
    }

    private static void cantReread(Exchange ex, ConfigException e) {
        List<String> errors = e.problems().stream().filter(ConfigProblem::isError).map(ConfigProblem::toString).toList();
        ex.json(ApiFault.CANT_REREAD.httpStatus(), new JsonBodies.RereadErrors(new JsonBodies.Error(
                ApiFault.CANT_REREAD.name(), "the configuration has " + errors.size() + " error(s); nothing changed"),
                errors));
    }

    private static List<String> warnings(Configuration config) {
        return config.warnings().stream().map(ConfigProblem::toString).toList();
    }
}
