package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** PlainArgs reads what picocli reads, and leaves to picocli everything else. */
class PlainArgsTest {

    private static List<Object> values(DaemonCommand c) throws IllegalAccessException {
        List<Object> v = new ArrayList<>();
        v.add(c.configFile);
        for (Field f : ServerOverrides.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(Option.class)) v.add(f.getName() + "=" + f.get(c.overrides));
        }
        return v;
    }

    private static void same(String... args) throws IllegalAccessException {
        DaemonCommand plain = PlainArgs.parse(args);
        assertNotNull(plain, Arrays.toString(args));
        DaemonCommand pico = new DaemonCommand();
        new CommandLine(pico).parseArgs(args);
        assertEquals(values(pico), values(plain), Arrays.toString(args));
    }

    @Test
    void readsTheUsualLinesAsPicocliDoes() throws IllegalAccessException {
        same();
        same("-c", "/etc/supervisord.conf");
        same("-n", "-c", "/x.conf");
        same("--configuration=/x.conf", "--nodaemon", "-k", "--strip_ansi", "-s");
        same("-c/x.conf", "-uwww", "--umask", "022", "-d", "/tmp", "-l", "a.log", "-y", "1KB", "-z", "3",
                "-e=debug", "-j", "x.pid", "-q", "/tmp", "-a", "64", "--minprocs", "50", "--identifier=x=y");
        same("--logfile=", "-c", "x");
    }

    @Test
    void everyOptionOfTheDaemonIsReadExceptHelpAndVersion() throws IllegalAccessException {
        List<Field> fields = new ArrayList<>(Arrays.asList(ServerOverrides.class.getDeclaredFields()));
        fields.addAll(Arrays.asList(DaemonCommand.class.getDeclaredFields()));
        int seen = 0;
        for (Field f : fields) {
            Option o = f.getAnnotation(Option.class);
            if (o == null || o.usageHelp() || o.versionHelp()) continue;
            for (String name : o.names()) {
                String[] args = f.getType() == boolean.class ? new String[] {name} : new String[] {name, "v"};
                same(args);
                seen++;
            }
        }
        assertEquals(33, seen);
    }

    @Test
    void leavesToPicocliWhatNeedsItsRulesOrMessages() {
        for (String[] args : List.of(new String[] {"-h"}, new String[] {"--help"}, new String[] {"-?"},
                new String[] {"-v"}, new String[] {"--version"}, new String[] {"check", "-c", "x"},
                new String[] {"-c", "x", "check"}, new String[] {"-nk"}, new String[] {"-c", "a", "-c", "b"},
                new String[] {"-i", "a", "--identifier=b"}, new String[] {"-n", "-n"}, new String[] {"-c"},
                new String[] {"-c", "-n"}, new String[] {"--bogus"}, new String[] {"-x", "y"}, new String[] {"word"},
                new String[] {"-"}, new String[] {"--"}, new String[] {"--nodaemon=true"})) {
            assertNull(PlainArgs.parse(args), Arrays.toString(args));
        }
    }
}
