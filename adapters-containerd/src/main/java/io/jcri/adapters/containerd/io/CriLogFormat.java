package io.jcri.adapters.containerd.io;

import io.jcri.domain.task.StdStream;
import java.nio.charset.StandardCharsets;
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
        byte[] head = (timestamp(t) + " " + stream.logName() + " " + (partial ? "P" : "F") + " ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + len + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(msg, off, out, head.length, len);
        out[out.length - 1] = '\n';
        return out;
    }
}
