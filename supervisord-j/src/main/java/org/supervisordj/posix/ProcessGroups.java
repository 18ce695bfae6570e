package org.supervisordj.posix;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Which process groups still have a live member, read from /proc. kill(-pgid, 0) cannot tell:
 * it succeeds while an unreaped zombie leader is the group's only member.
 */
public final class ProcessGroups {

    private ProcessGroups() {
    }

    /** Returns the ids of the process groups that have at least one member that is not a zombie. */
    public static Set<Integer> withLiveMembers() throws IOException {
        Set<Integer> groups = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), ProcessGroups::isPid)) {
            for (Path d : dirs) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    // After "(comm)": state, ppid, pgrp. comm may hold spaces and parentheses.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
                    if (!f[0].equals("Z") && !f[0].equals("X")) groups.add(Integer.parseInt(f[2]));
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            }
        }
        return groups;
    }

    private static boolean isPid(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
