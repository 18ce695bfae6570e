package org.supervisordj.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.ProgramConfig;

/** Builds configurations the way users do: an INI file loaded by the real ConfigLoader. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** Returns the [supervisord] header writing everything under {@code dir}. */
    static String header(Path dir) {
        return "[supervisord]\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile=" + dir.resolve("supervisord.pid")
                + "\nchildlogdir=" + dir + "\nidentifier=test\n";
    }

    /** Writes {@code header(dir) + sections} to dir/supervisord.conf and loads it. */
    static Configuration load(Path dir, String sections) {
        Path file = dir.resolve("supervisord.conf");
        try {
            Files.writeString(file, header(dir) + sections);
            return new ConfigLoader(ConfigLoader.Options.current(false)).load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new AssertionError("test config rejected:\n" + e.getMessage(), e);
        }
    }

    /** Loads a one-program configuration and returns that program. */
    static ProgramConfig program(Path dir, String name, String options) {
        return load(dir, "[program:" + name + "]\n" + options + "\n").programs().get(0);
    }
}
