package org.supervisordj.ctl;

import java.io.IOException;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell's lines on a terminal, through JLine: editing, history (in memory, as supervisorctl's
 * without history_file) and tab completion. Only this class names JLine, so ctl's other runs never
 * load it (start-up time).
 */
final class TerminalLines implements Shell.LineSource {
    private final Terminal terminal;
    private final LineReader reader;
    private final Completion completion;

    private TerminalLines(Terminal terminal, LineReader reader, Completion completion) {
        this.terminal = terminal;
        this.reader = reader;
        this.completion = completion;
    }

    static TerminalLines open(Completion completion) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                .completer((r, line, candidates) -> {
                    java.util.List<String> words = line.words();
                    for (String c : completion.candidates(words.subList(0, line.wordIndex()), line.word())) {
                        candidates.add(new org.jline.reader.Candidate(c));
                    }
                })
                .build();
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION); // '!' is a character, not history
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

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException ignored) {
            // Leaving anyway.
        }
    }

}
