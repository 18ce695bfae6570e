package org.supervisordj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a supervisord configuration: the root file, its {@code [include]} files, section merging,
 * expansion, conversion and validation, reporting every problem of every file in one go.
 */
public final class ConfigLoader {

    /**
     * What the load depends on besides the files.
     *
     * @param environment           the daemon's environment (the ENV_X names)
     * @param hostNodeName          %(host_node_name)s
     * @param cwd                   the directory relative paths are resolved against, as supervisord does
     * @param hostChecksAreWarnings true for {@code check --portable}: a missing user or directory on this
     *                              host is a warning, since the file may be meant for another host
     * @param checkCommands         true for {@code check}: also report what would fail at spawn (a command
     *                              not found or not executable, a missing {@code directory=}), which
     *                              supervisord only reports as spawnerr once the program starts
     */
    public record Options(Map<String, String> environment, String hostNodeName, Path cwd, boolean hostChecksAreWarnings,
                          boolean checkCommands) {

        /** Options without the spawn-time checks, as the daemon loads. */
        public Options(Map<String, String> environment, String hostNodeName, Path cwd, boolean hostChecksAreWarnings) {
            this(environment, hostNodeName, cwd, hostChecksAreWarnings, false);
        }

        /** Returns these options with the spawn-time checks of {@code check} turned on. */
        public Options withCommandChecks() {
            return new Options(environment, hostNodeName, cwd, hostChecksAreWarnings, true);
        }

        /** Returns the options of the running process. */
        public static Options current(boolean hostChecksAreWarnings) {
            return new Options(System.getenv(), readHostNodeName(), Path.of("").toAbsolutePath(), hostChecksAreWarnings);
        }

        private static String readHostNodeName() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }

    private final Options options;
    private Sources sources = new Sources(Map.of());

    public ConfigLoader(Options options) {
        this.options = options;
    }

    /**
     * Loads the configuration rooted at {@code root}.
     *
     * @throws ConfigException listing every error (and the warnings) when the configuration is unusable
     */
    public Configuration load(Path root) throws ConfigException {
        try {
            return loadOrThrow(root);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, which ConfigFuzzTest hunts for. It must still not reach a reload's
            // caller as an exception: the answer would be "internal error" with no file at all.
            // The exception's own message may hold Java names or a value, so it stays in the cause.
            Path file = options.cwd().resolve(root).normalize();
            ConfigException located = new ConfigException(List.of(new ConfigProblem(ConfigProblem.Severity.ERROR,
                    file, 1, null, null, "internal error while reading this configuration (please report it with the file)")));
            located.initCause(e);
            throw located;
        }
    }

    private Configuration loadOrThrow(Path root) throws ConfigException {
        Problems problems = new Problems(options.hostChecksAreWarnings());
        Path rootFile = options.cwd().resolve(root).normalize();
        List<Path> files = new ArrayList<>();
        List<IniSection> occurrences = new ArrayList<>();
        IniParser.Budget budget = new IniParser.Budget();
        IniDocument rootDoc = read(rootFile, null, budget, problems);
        if (rootDoc == null) throw new ConfigException(problems.all());
        files.add(rootFile);
        occurrences.addAll(rootDoc.sections());
        readIncludes(rootDoc, files, occurrences, budget, problems);

        Map<String, MergedSection> sections = merge(occurrences, problems);
        sources = new Sources(sections);
        warnAboutUnknownSectionsAndKeys(sections, problems);
        MergedSection supervisordSection = sections.get("supervisord");
        Map<String, Object> envNames = envNames();
        SupervisordConfig supervisord = null;
        // A root that could not be read at all (too large, not UTF-8) has already said so.
        boolean rootUnread = problems.hasErrors() && rootDoc.sections().isEmpty();
        if (supervisordSection == null) {
            // Keep going: the programs' own problems are worth reporting in the same run.
            if (!rootUnread) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, rootFile, 1, null, null,
                        ".ini file does not include supervisord section (a drop-in file is checked through the root "
                                + "configuration that includes it)"));
            }
        } else {
            supervisord = new SupervisordReader(options, problems).read(supervisordSection, envNames);
        }
        List<GroupConfig> groups = new GroupsReader(new ProgramReader(envNames, options.hostNodeName(), problems),
                problems, envNames, options).read(sections);
        ServersReader servers = new ServersReader(options, problems, envNames);
        HttpServerConfig unix = sections.containsKey("unix_http_server")
                ? servers.unix(sections.get("unix_http_server")) : null;
        HttpServerConfig inet = sections.containsKey("inet_http_server")
                ? servers.inet(sections.get("inet_http_server")) : null;
        SupervisorctlConfig ctl = sections.containsKey("supervisorctl")
                ? servers.supervisorctl(sections.get("supervisorctl")) : null;
        new IgnoredOptions(sections, problems).check(supervisord);
        DependencyPlan.check(sections, groups, problems);
        if (options.checkCommands() && supervisord != null) new CommandChecks(options, problems).check(sections, supervisord, groups, unix);
        if (problems.hasErrors() || supervisord == null) throw new ConfigException(inFileOrder(problems.all(), files));
        return new Configuration(files, supervisord, groups, unix, inet, ctl, inFileOrder(problems.warnings(), files));
    }

    /** Returns where the values of the last {@link #load} were written (empty before the first). */
    public Sources sources() {
        return sources;
    }

    /** The daemon's environment as %(ENV_X)s names; a new map, since readers add to it. */
    private Map<String, Object> envNames() {
        Map<String, Object> names = new HashMap<>();
        options.environment().forEach((k, v) -> names.put("ENV_" + k, v));
        return names;
    }

    /** Sorts problems the way an operator reads them: by file (root first), then line. */
    private static List<ConfigProblem> inFileOrder(List<ConfigProblem> problems, List<Path> files) {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.<ConfigProblem>comparingInt(p -> p.file() == null ? -1 : files.indexOf(p.file()))
                .thenComparingInt(ConfigProblem::line));
        return sorted;
    }

    /**
     * Reads one file; a file that cannot be read is a problem located at {@code includedBy} (the
     * [include] files= that named it) or, for the root, at the file itself.
     */
    private static IniDocument read(Path file, IniEntry includedBy, IniParser.Budget budget, Problems problems) {
        try {
            IniDocument doc = IniParser.parse(file, budget);
            problems.addAll(doc.problems());
            return doc;
        } catch (IOException | SecurityException e) {
            if (includedBy != null) problems.error(includedBy, "include", "could not read " + file + ": " + ioReason(e));
            else problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, 0, null, null,
                    "could not read the file: " + ioReason(e)));
            return null;
        }
    }

    /** Why a file could not be read, in words rather than a Java exception's name. */
    static String ioReason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException || e instanceof SecurityException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /** Reads the root's [include] files; supervisord does not follow includes found in included files. */
    private void readIncludes(IniDocument rootDoc, List<Path> files, List<IniSection> occurrences,
                              IniParser.Budget budget, Problems problems) {
        IniEntry filesEntry = null;
        IniSection includeSection = null;
        for (IniSection s : rootDoc.sections()) {
            if (!s.name().equals("include")) continue;
            includeSection = s;
            for (IniEntry e : s.entries()) if (e.key().equals("files")) filesEntry = e;
        }
        if (includeSection == null) return;
        if (filesEntry == null) {
            problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, includeSection.file(), includeSection.line(),
                    "include", "files", ".ini file has [include] section, but no files setting"));
            return;
        }
        Map<String, Object> names = envNames();
        names.put("here", filesEntry.here());
        names.put("host_node_name", options.hostNodeName());
        String patterns;
        try {
            patterns = Expander.expand(filesEntry.value(), names);
        } catch (IllegalArgumentException e) {
            problems.error(filesEntry, "include", "format string '" + Limits.quoted(filesEntry.value()) + "' " + e.getMessage());
            return;
        }
        Path base = rootDoc.file().getParent();
        String[] split = patterns.trim().split("\\s+");
        if (split.length > Limits.FILES) {
            problems.error(filesEntry, "include", "more than " + Limits.FILES + " patterns");
            return;
        }
        for (String pattern : split) {
            if (pattern.isEmpty()) continue;
            try {
                Datatypes.path(pattern);
            } catch (IllegalArgumentException e) {
                problems.error(filesEntry, "include", e.getMessage());
                continue;
            }
            String absolute = base.resolve(pattern).toString();
            List<Path> matches = Glob.expand(absolute, Limits.FILES + 1);
            if (files.size() + matches.size() > Limits.FILES) {
                problems.error(filesEntry, "include", "includes more than " + Limits.FILES + " files"
                        + " (pattern " + Limits.quoted(pattern) + ")");
                return;
            }
            if (matches.isEmpty()) {
                // An existing drop-in directory with nothing in it yet (a fresh package's conf.d/) is
                // normal; a pattern whose directory is missing is more likely a typo.
                if (!isEmptyDropInDirectory(absolute)) {
                    problems.warning(filesEntry, "include", "No file matches via include \"" + absolute + "\"");
                }
                continue;
            }
            for (Path match : matches) {
                if (Files.isDirectory(match)) {
                    problems.warning(filesEntry, "include", "\"" + match + "\" is a directory; skipped");
                    continue;
                }
                IniDocument doc = read(match, filesEntry, budget, problems);
                if (doc == null) continue;
                files.add(match);
                for (IniSection s : doc.sections()) {
                    if (s.name().equals("include") && !match.equals(rootDoc.file())) {
                        problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, s.file(), s.line(), "include",
                                null, "[include] in an included file is ignored (supervisord does not nest includes)"));
                    }
                }
                occurrences.addAll(doc.sections());
            }
        }
    }

    private static boolean isEmptyDropInDirectory(String pattern) {
        Path p = Path.of(pattern);
        Path dir = p.getParent();
        return dir != null && Glob.hasMagic(p.getFileName().toString()) && !Glob.hasMagic(dir.toString())
                && Files.isDirectory(dir);
    }

    /** Folds repeated sections into one, last value winning, and warns where a value was overridden. */
    private static Map<String, MergedSection> merge(List<IniSection> occurrences, Problems problems) {
        Map<String, MergedSection> merged = new LinkedHashMap<>();
        for (IniSection occurrence : occurrences) {
            MergedSection target = merged.computeIfAbsent(occurrence.name(), n -> new MergedSection(occurrence));
            target.merge(occurrence).forEach((old, winner) -> {
                // Neither value is quoted: either may be a secret (password=, environment=).
                if (!old.value().equals(winner.value())) {
                    problems.warning(winner, occurrence.name(), "set again (first set at " + old.where()
                            + " to another value); the last value wins");
                }
            });
        }
        return merged;
    }

    private static void warnAboutUnknownSectionsAndKeys(Map<String, MergedSection> sections, Problems problems) {
        Set<String> allKeys = new HashSet<>();
        for (String s : List.of("supervisord", "program:", "eventlistener:", "group:", "include", "unix_http_server",
                "inet_http_server", "supervisorctl")) {
            allKeys.addAll(Defaults.keysOf(s).keySet());
        }
        for (MergedSection s : sections.values()) {
            String kind = s.name.contains(":") ? s.name.substring(0, s.name.indexOf(':') + 1) : s.name;
            if (Defaults.UNSUPPORTED_PREFIXES.contains(kind)) {
                String why = kind.equals("rpcinterface:")
                        ? "not needed: supervisord-j's control API is built in; ignored"
                        : "[" + kind + "x] sections are not supported yet; ignored";
                problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, s.file, s.line, s.name, null, why));
                continue;
            }
            Map<String, String> known = Defaults.keysOf(s.name);
            if (known == null || (s.name.contains(":") && !Defaults.SECTION_NAMES.contains(kind))) {
                String suggestion = DidYouMean.closest(kind, Defaults.SECTION_NAMES);
                problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, s.file, s.line, s.name, null,
                        "unknown section [" + Limits.quoted(s.name) + "] ignored"
                                + (suggestion != null ? "; did you mean [" + suggestion + (kind.endsWith(":")
                                ? s.name.substring(kind.length()) : "") + "]?" : "")));
                continue;
            }
            for (IniEntry e : s.entries()) {
                if (known.containsKey(e.key())) continue;
                String suggestion = DidYouMean.closest(e.key(), known.keySet());
                String message = "unknown option '" + Limits.quoted(e.key()) + "' ignored";
                if (suggestion != null) message += "; did you mean '" + suggestion + "'?";
                else if (allKeys.contains(e.key())) message += " (it is not an option of this section)";
                problems.warning(e, s.name, message);
            }
        }
    }
}
