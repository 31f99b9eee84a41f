package io.jcri.adapters.containerd.io;

import io.jcri.domain.task.StdStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The CRI log line: {@code <RFC3339Nano timestamp> <stdout|stderr> <P|F> <message>\n}. The
 * timestamp is UTC with the fraction's trailing zeros trimmed, as Go's RFC3339Nano writes it.
 * Kept in one class so a shared formatter can replace it.
 */
final class CriLogFormat {
    /** Longer lines are split into partial (P) lines of this many bytes. */
    static final int MAX_LINE = 16 * 1024;

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private CriLogFormat() {}

    static String timestamp(Instant t) {
        StringBuilder s = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(frac, 0, end);
        }
        return s.append('Z').toString();
    }

    /** One log line, newline included. */
    static byte[] line(Instant t, StdStream stream, boolean partial, byte[] msg, int off, int len) {
        LogBatch out = new LogBatch(len + 48);
        append(out, t, stream, partial, msg, off, len);
        return out.toByteArray();
    }

    /** A formatted second ({@code yyyy-MM-ddTHH:mm:ss}), kept while lines come within it. */
    private record Second(long epochSecond, String text) {}

    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    /** Appends one log line, newline included, to {@code out} (the timestamp as {@link #timestamp}). */
    static void append(LogBatch out, Instant t, StdStream stream, boolean partial, byte[] msg, int off, int len) {
        Second s = lastSecond;
        if (s.epochSecond() != t.getEpochSecond()) {
            s = new Second(t.getEpochSecond(), SECONDS.format(t));
            lastSecond = s;
        }
        out.putAscii(s.text());
        int nanos = t.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            out.put((byte) '.');
            out.putDigits(nanos, digits);
        }
        out.put((byte) 'Z');
        out.put((byte) ' ');
        out.putAscii(stream.logName());
        out.put((byte) ' ');
        out.put((byte) (partial ? 'P' : 'F'));
        out.put((byte) ' ');
        out.put(msg, off, len);
        out.put((byte) '\n');
    }
}
