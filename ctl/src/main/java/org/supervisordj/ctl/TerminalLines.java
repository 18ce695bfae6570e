package org.supervisordj.ctl;

import java.io.IOException;
import java.nio.file.Path;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell's lines on a terminal, through JLine: editing, history and tab completion. History is
 * kept in memory, or, as supervisorctl's readline history with {@code history_file=}, read from the
 * file at the start and appended to it line by line (plain lines, no timestamps). Only this class
 * names JLine, so ctl's other runs never load it (start-up time).
 */
final class TerminalLines implements Shell.LineSource {
    // supervisorctl is silent about a history file it cannot read or write; JLine would log a warning to stderr.
    private static final java.util.logging.Logger JLINE_LOG = java.util.logging.Logger.getLogger("org.jline");

    private final Terminal terminal;
    private final LineReader reader;
    private final Completion completion;

    private TerminalLines(Terminal terminal, LineReader reader, Completion completion) {
        this.terminal = terminal;
        this.reader = reader;
        this.completion = completion;
    }

    /** Opens the process's terminal; {@code history} is the history file, or null to keep it in memory. */
    static TerminalLines open(Completion completion, Path history) throws IOException {
        return open(TerminalBuilder.builder().system(true).build(), completion, history);
    }

    static TerminalLines open(Terminal terminal, Completion completion, Path history) {
        JLINE_LOG.setLevel(java.util.logging.Level.OFF);
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal);
        if (history != null) builder.variable(LineReader.HISTORY_FILE, history);
        LineReader reader = builder
                .completer((r, line, candidates) -> {
                    java.util.List<String> words = line.words();
                    for (String c : completion.candidates(words.subList(0, line.wordIndex()), line.word())) {
                        candidates.add(new org.jline.reader.Candidate(c));
                    }
                })
                .build();
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION); // '!' is a character, not history
        reader.unsetOpt(LineReader.Option.HISTORY_TIMESTAMPED); // readline's format: one line per entry
        reader.getHistory().attach(reader); // loads the file now rather than at the first prompt
        return new TerminalLines(terminal, reader, completion);
    }

    @Override
    public String readLine(String prompt) {
        completion.reset();
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null; // Ctrl-C or Ctrl-D: supervisorctl leaves with a new line
        }
    }

    /** The lines remembered so far, oldest first. */
    java.util.List<String> history() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        org.jline.reader.History h = reader.getHistory();
        h.iterator(h.first()).forEachRemaining(e -> lines.add(e.line()));
        return lines;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException ignored) {
            // As supervisorctl's: a history that cannot be written is not an error.
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // Leaving anyway.
        }
    }

}
