package io.jcri.adapters.rest;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.log.CriLogLine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a CRI log file, read backwards in blocks so a large log costs only its tail.
 * Lines that are not in the CRI format are skipped; partial lines are joined.
 */
final class LogTail {
    private static final int BLOCK = 64 * 1024;

    private LogTail() {}

    static List<CriLogLine> read(Path file, int lines) {
        List<String> raw;
        try {
            raw = lastLines(file, lines * 2 + 1);
        } catch (NoSuchFileException e) {
            throw new JcriException.NotFound("log file " + file + " does not exist");
        } catch (IOException e) {
            throw new JcriException.Internal("cannot read log file " + file + ": " + e.getMessage(), e);
        }
        List<CriLogLine> parsed = new ArrayList<>();
        for (String line : raw) {
            try {
                parsed.add(CriLogLine.parse(line));
            } catch (JcriException.InvalidArgument e) {
                // a torn first line, or a line that is not the CRI's: leave it out
            }
        }
        List<CriLogLine> joined = CriLogLine.join(parsed);
        return joined.subList(Math.max(0, joined.size() - lines), joined.size());
    }

    /** Up to {@code max} last newline-terminated (or final) lines of the file. */
    static List<String> lastLines(Path file, int max) throws IOException {
        if (!file.toFile().exists()) {
            throw new NoSuchFileException(file.toString());
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            long pos = end;
            byte[] acc = new byte[0];
            int newlines = 0;
            while (pos > 0 && newlines <= max) {
                int n = (int) Math.min(BLOCK, pos);
                pos -= n;
                byte[] block = new byte[n];
                f.seek(pos);
                f.readFully(block);
                for (byte b : block) {
                    if (b == '\n') {
                        newlines++;
                    }
                }
                byte[] joined = new byte[n + acc.length];
                System.arraycopy(block, 0, joined, 0, n);
                System.arraycopy(acc, 0, joined, n, acc.length);
                acc = joined;
            }
            String text = new String(acc, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(List.of(text.split("\n")));
            if (pos > 0 && !out.isEmpty()) {
                out.remove(0);
            }
            out.removeIf(String::isEmpty);
            return out.subList(Math.max(0, out.size() - max), out.size());
        }
    }
}
