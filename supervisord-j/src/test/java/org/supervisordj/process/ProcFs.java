package org.supervisordj.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Looks at processes through /proc, for assertions about children, zombies and fds. */
final class ProcFs {
    private ProcFs() {
    }

    static int self() {
        return (int) ProcessHandle.current().pid();
    }

    static boolean exists(int pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    /** Returns a field of /proc/pid/status, e.g. "SigBlk", or null when the process is gone. */
    static String status(int pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) return line.substring(field.length() + 1).trim();
            }
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TreeSet<Integer> fds(int pid) {
        TreeSet<Integer> fds = new TreeSet<>();
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            s.forEach(p -> fds.add(Integer.parseInt(p.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    /** Returns the pids whose parent is {@code ppid}, as "pid:state" strings. */
    static List<String> children(int ppid) {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                int pid = Integer.parseInt(name);
                String parent = status(pid, "PPid");
                String state = status(pid, "State");
                if (parent != null && state != null && Integer.parseInt(parent) == ppid) {
                    out.add(pid + ":" + state.charAt(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Returns our zombie children as "pid:Z" strings. */
    static List<String> zombies() {
        return children(self()).stream().filter(s -> s.endsWith(":Z")).toList();
    }
}
