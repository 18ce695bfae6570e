package org.supervisordj.api.xmlrpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.supervisordj.api.ApiServer;
import org.supervisordj.config.ConfigDiff;
import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigProblem;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.GroupConfig;
import org.supervisordj.process.Engine;
import org.supervisordj.process.Fault;
import org.supervisordj.process.ProcessInfo;

/**
 * supervisord's configuration methods, with its two-step update: {@code reloadConfig} rereads the
 * files and reports the difference without applying it; {@code addProcessGroup} and
 * {@code removeProcessGroup} then apply it one group at a time (supervisorctl update, add, remove).
 */
final class ConfigMethods {

    private static final Comparator<GroupConfig> START_ORDER =
            Comparator.comparingInt(GroupConfig::priority).thenComparing(GroupConfig::name);

    private final Engine engine;
    private final ApiServer.Hooks hooks;
    // supervisord's options.process_group_configs: the last configuration read, applied or not.
    private volatile Configuration known;
    // Groups added through addProcessGroup, in the order added: supervisord appends them to its dict.
    private final List<String> addedOrder = new java.util.concurrent.CopyOnWriteArrayList<>();

    ConfigMethods(Engine engine, ApiServer.Hooks hooks) {
        this.engine = engine;
        this.hooks = hooks;
        this.known = hooks.current();
    }

    void register(MethodTable t) {
        t.add("supervisor.reloadConfig", (a, c) -> {
            a.arity(0, 0);
            return reloadConfig();
        }).add("supervisor.addProcessGroup", (a, c) -> add(a.arity(1, 1).string(0, "name")))
                .add("supervisor.removeProcessGroup", (a, c) -> remove(a.arity(1, 1).string(0, "name")))
                .add("supervisor.getAllConfigInfo", (a, c) -> {
                    a.arity(0, 0);
                    return Structs.configInfo(known, active(), engine.snapshot());
                });
    }

    private Object reloadConfig() {
        Configuration next;
        try {
            next = hooks.reread();
        } catch (ConfigException e) {
            throw new XmlRpcFault(Fault.CANT_REREAD, e.problems().stream().filter(ConfigProblem::isError)
                    .map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        }
        known = next;
        ConfigDiff diff = ConfigDiff.between(hooks.current(), next);
        return List.of(List.of(ConfigDiff.names(diff.added()), ConfigDiff.names(diff.changed()),
                ConfigDiff.names(diff.removed())));
    }

    private CompletableFuture<Object> add(String name) {
        if (active().contains(name)) throw new XmlRpcFault(Fault.ALREADY_ADDED, name);
        GroupConfig group = known.groups().stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new XmlRpcFault(Fault.BAD_NAME, name));
        return hooks.apply(current -> with(current, current.groups().stream()
                .filter(g -> !g.name().equals(name)).collect(Collectors.toCollection(ArrayList::new)), group))
                .thenApply(updated -> {
                    addedOrder.remove(name);
                    addedOrder.add(name);
                    return true;
                });
    }

    /**
     * Returns {@code snapshot} in supervisord's _getAllProcesses order: by group priority, and
     * among equal priorities the groups it started with first, then those added, in the order added.
     */
    List<ProcessInfo> allInPriorityOrder(List<ProcessInfo> snapshot) {
        List<String> added = List.copyOf(addedOrder);
        if (added.isEmpty()) return snapshot;
        java.util.Map<String, Integer> priority = hooks.current().groups().stream()
                .collect(Collectors.toMap(GroupConfig::name, GroupConfig::priority, (a, b) -> a));
        return snapshot.stream().sorted(Comparator.<ProcessInfo>comparingInt(p -> priority.getOrDefault(p.group(), 999))
                .thenComparingInt(p -> added.indexOf(p.group()))).toList(); // stable: the rest keep their order
    }

    private CompletableFuture<Object> remove(String name) {
        List<ProcessInfo> members = engine.snapshot().stream().filter(p -> p.group().equals(name)).toList();
        if (members.isEmpty()) throw new XmlRpcFault(Fault.BAD_NAME, name);
        if (members.stream().anyMatch(p -> !p.state().isStopped())) throw new XmlRpcFault(Fault.STILL_RUNNING, name);
        return hooks.apply(current -> with(current, current.groups().stream()
                .filter(g -> !g.name().equals(name)).collect(Collectors.toCollection(ArrayList::new)), null))
                .thenApply(updated -> {
                    addedOrder.remove(name);
                    return true;
                });
    }

    // The current configuration with its groups replaced by {@code groups} (+ {@code extra}), in start order.
    private static Configuration with(Configuration c, List<GroupConfig> groups, GroupConfig extra) {
        if (extra != null) groups.add(extra);
        groups.sort(START_ORDER);
        return new Configuration(c.files(), c.supervisord(), groups, c.unixServer(), c.inetServer(), c.supervisorctl(),
                c.warnings());
    }

    private Set<String> active() {
        return engine.snapshot().stream().map(ProcessInfo::group).collect(Collectors.toSet());
    }
}
