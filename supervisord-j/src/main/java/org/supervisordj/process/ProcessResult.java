package org.supervisordj.process;

/**
 * The outcome of a command for one process, shaped like supervisord's status-array items.
 *
 * @param name        process name, or the namespec as given when it named nothing ({@link Fault#BAD_NAME})
 * @param group       group name, or null for {@link Fault#BAD_NAME}
 * @param fault       {@link Fault#SUCCESS} or why the command failed for this process
 * @param description "OK" or a detail for the fault
 */
public record ProcessResult(String name, String group, Fault fault, String description) {

    /** Returns true when the command succeeded for this process. */
    public boolean ok() {
        return fault == Fault.SUCCESS;
    }

    static ProcessResult of(ManagedProcess p, Fault fault, String description) {
        return new ProcessResult(p.config().name(), p.config().group(), fault, description);
    }

    static ProcessResult success(ManagedProcess p) {
        return of(p, Fault.SUCCESS, "OK");
    }
}
