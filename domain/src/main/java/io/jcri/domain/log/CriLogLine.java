package io.jcri.domain.log;

import io.jcri.domain.error.JcriException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One line of a CRI container log file: {@code <RFC3339Nano time> <stdout|stderr> <P|F> <message>}
 * and a newline. {@code P} marks a partial line, continued by the next; {@code F} ends a line.
 * Times are written in UTC the way Go's {@code RFC3339Nano} layout writes them (fraction without
 * trailing zeros, none at all on a whole second); lines are split so that no message carries more
 * than {@link #MAX_MESSAGE_BYTES}.
 */
public record CriLogLine(Instant time, LogStream stream, boolean partial, String message) {

    /** The longest message of one log line, in bytes: 16 KiB. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    public CriLogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(message, "message");
    }

    /** The time as Go's RFC3339Nano layout writes it, in UTC. */
    public static String timestamp(Instant time) {
        OffsetDateTime t = time.atOffset(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(fraction, 0, end);
        }
        return out.append('Z').toString();
    }

    /** This line as bytes in the log file, newline included. */
    public byte[] toBytes() {
        return encode(time, stream, partial, message.getBytes(StandardCharsets.UTF_8));
    }

    /** One log file line (newline included) for message bytes as the container wrote them. */
    public static byte[] encode(Instant time, LogStream stream, boolean partial, byte[] message) {
        byte[] head = (timestamp(time) + " " + stream.tag() + " " + (partial ? "P" : "F") + " ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + message.length + 1);
        System.arraycopy(message, 0, out, head.length, message.length);
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * The log file lines for one line of output (without its newline): chunks of at most {@code
     * maxBytes}, all partial but the last, which is partial only if the output line was cut off
     * without a newline ({@code complete} false).
     */
    public static List<byte[]> split(Instant time, LogStream stream, byte[] line, boolean complete, int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        List<byte[]> out = new ArrayList<>();
        int offset = 0;
        do {
            int end = Math.min(line.length, offset + maxBytes);
            boolean last = end == line.length;
            out.add(encode(time, stream, !last || !complete, Arrays.copyOfRange(line, offset, end)));
            offset = end;
        } while (offset < line.length);
        return out;
    }

    /** {@link #split(Instant, LogStream, byte[], boolean, int)} with the 16 KiB limit. */
    public static List<byte[]> split(Instant time, LogStream stream, byte[] line, boolean complete) {
        return split(time, stream, line, complete, MAX_MESSAGE_BYTES);
    }

    /** Reads one log file line (with or without its newline). */
    public static CriLogLine parse(String line) {
        String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        int a = text.indexOf(' ');
        int b = a < 0 ? -1 : text.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : text.indexOf(' ', b + 1);
        String tag = b < 0 ? "" : text.substring(b + 1, c < 0 ? text.length() : c);
        if (a < 0 || b < 0 || !(tag.equals("P") || tag.equals("F"))) {
            throw new JcriException.InvalidArgument(
                    "log line \"" + abbreviate(text) + "\" is not in the CRI log format");
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(text.substring(0, a), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new JcriException.InvalidArgument(
                    "log line \"" + abbreviate(text) + "\" does not start with an RFC 3339 time");
        }
        LogStream stream = LogStream.of(text.substring(a + 1, b));
        String message = c < 0 ? "" : text.substring(c + 1);
        return new CriLogLine(time, stream, tag.equals("P"), message);
    }

    /**
     * Joins parsed lines into whole lines: each partial line is merged with the ones after it (of
     * the same stream) up to the full one. A trailing partial line is returned as it is.
     */
    public static List<CriLogLine> join(List<CriLogLine> lines) {
        List<CriLogLine> out = new ArrayList<>();
        CriLogLine[] pending = new CriLogLine[LogStream.values().length];
        for (CriLogLine line : lines) {
            int i = line.stream().ordinal();
            CriLogLine merged = pending[i] == null
                    ? line
                    : new CriLogLine(
                            pending[i].time(), line.stream(), line.partial(), pending[i].message() + line.message());
            if (merged.partial()) {
                pending[i] = merged;
            } else {
                pending[i] = null;
                out.add(merged);
            }
        }
        for (CriLogLine p : pending) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
