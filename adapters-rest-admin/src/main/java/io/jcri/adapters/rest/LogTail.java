package io.jcri.adapters.rest;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.log.CriLogLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a CRI log file, read backwards in blocks so a large log costs only its tail,
 * and never more than {@code maxBytes} of it: each block is read once and the blocks are joined
 * once. Lines that are not in the CRI format are skipped; partial lines are joined.
 */
final class LogTail {
    private static final int BLOCK = 64 * 1024;

    private LogTail() {}

    static List<CriLogLine> read(Path file, int lines) {
        return read(file, lines, AdminLimits.DEFAULTS.logTailMaxBytes());
    }

    static List<CriLogLine> read(Path file, int lines, long maxBytes) {
        List<String> raw;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            raw = lastLines(ch, lines * 2 + 1, maxBytes);
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

    /**
     * Up to {@code max} last newline-terminated (or final) lines of what {@code ch} holds, read from
     * its end and no more than {@code maxBytes} of it (a line cut by that bound is left out).
     */
    static List<String> lastLines(SeekableByteChannel ch, int max, long maxBytes) throws IOException {
        long pos = ch.size();
        long floor = Math.max(0, pos - maxBytes);
        Deque<byte[]> blocks = new ArrayDeque<>();
        int total = 0;
        int newlines = 0;
        while (pos > floor && newlines <= max) {
            int n = (int) Math.min(BLOCK, pos - floor);
            pos -= n;
            byte[] block = new byte[n];
            ByteBuffer buf = ByteBuffer.wrap(block);
            ch.position(pos);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new IOException("log file shrank while it was read");
                }
            }
            for (byte b : block) {
                if (b == '\n') {
                    newlines++;
                }
            }
            blocks.addFirst(block);
            total += n;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] b : blocks) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        List<String> out = new ArrayList<>(List.of(new String(all, StandardCharsets.UTF_8).split("\n")));
        if (pos > 0 && !out.isEmpty()) {
            out.remove(0);
        }
        out.removeIf(String::isEmpty);
        return out.subList(Math.max(0, out.size() - max), out.size());
    }
}
