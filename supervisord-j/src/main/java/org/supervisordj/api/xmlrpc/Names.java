package org.supervisordj.api.xmlrpc;

import java.util.List;

import org.supervisordj.process.Engine;
import org.supervisordj.process.Fault;
import org.supervisordj.process.ProcessInfo;

/** Names as supervisord resolves them (split_namespec, _getGroupAndProcess), against the engine's snapshot. */
final class Names {

    private final Engine engine;

    Names(Engine engine) {
        this.engine = engine;
    }

    /** A resolved name: one process, or (process null) every process of a group, in priority order. */
    record Target(ProcessInfo process, List<ProcessInfo> members) {
    }

    // supervisord's split_namespec + _getGroupAndProcess: "g:*" and "g:" are the group, "x" is x:x.
    Target resolve(String name) {
        int colon = name.indexOf(':');
        String group = colon < 0 ? name : name.substring(0, colon);
        String process = colon < 0 ? name : name.substring(colon + 1);
        if (process.isEmpty() || process.equals("*")) process = null;
        List<ProcessInfo> members = members(group);
        if (members.isEmpty()) throw new XmlRpcFault(Fault.BAD_NAME, name);
        if (process == null) return new Target(null, members);
        for (ProcessInfo p : members) if (p.name().equals(process)) return new Target(p, members);
        throw new XmlRpcFault(Fault.BAD_NAME, name);
    }

    List<ProcessInfo> group(String name) {
        List<ProcessInfo> members = members(name);
        if (members.isEmpty()) throw new XmlRpcFault(Fault.BAD_NAME, name);
        return members;
    }

    List<ProcessInfo> members(String group) {
        return engine.snapshot().stream().filter(p -> p.group().equals(group)).toList(); // snapshot: priority order
    }

    ProcessInfo process(String name) {
        ProcessInfo p = resolve(name).process();
        if (p == null) throw new XmlRpcFault(Fault.BAD_NAME, name);
        return p;
    }
}
