package io.jcri.adapters.containerd.io;

/**
 * Cuts one output stream into CRI log lines: a full line at each newline (a {@code \r} before it
 * dropped), partial lines of {@link CriLogFormat#MAX_LINE} bytes when a line grows past that, and
 * what is left at the end as a partial line. Lines complete within one read go to the sink from
 * the read's own buffer; only an unfinished line is kept, and a kept buffer larger than {@link
 * #KEEP} bytes is let go once its line is out, so an idle stream holds little.
 */
final class LineSplitter {
    /** Receives the lines; {@code data} is only valid during the call. */
    interface Sink {
        void line(boolean partial, byte[] data, int off, int len);
    }

    /** The most an emptied buffer keeps for the next unfinished line. */
    static final int KEEP = 4096;

    private static final byte[] NONE = new byte[0];

    private final int max;
    private byte[] pending = NONE;
    private int size;

    LineSplitter() {
        this(CriLogFormat.MAX_LINE);
    }

    LineSplitter(int max) {
        this.max = max;
    }

    void feed(byte[] buf, int off, int len, Sink sink) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (buf[i] == '\n') {
                if (size == 0) {
                    emitFull(sink, buf, start, i - start);
                } else {
                    append(buf, start, i - start);
                    emitFull(sink, pending, 0, size);
                    clear();
                }
                start = i + 1;
            }
        }
        int rest = end - start;
        if (size + rest > max) {
            if (size > 0) {
                int take = max - size;
                append(buf, start, take);
                sink.line(true, pending, 0, max);
                clear();
                start += take;
                rest -= take;
            }
            while (rest > max) {
                sink.line(true, buf, start, max);
                start += max;
                rest -= max;
            }
        }
        append(buf, start, rest);
    }

    private void emitFull(Sink sink, byte[] data, int off, int len) {
        if (len > 0 && data[off + len - 1] == '\r') {
            len--;
        }
        int o = 0;
        while (len - o > max) {
            sink.line(true, data, off + o, max);
            o += max;
        }
        sink.line(false, data, off + o, len - o);
    }

    private void append(byte[] data, int off, int len) {
        if (len == 0) {
            return;
        }
        if (size + len > pending.length) {
            byte[] bigger = new byte[Math.max(size + len, Math.min(Math.max(256, pending.length * 2), max))];
            System.arraycopy(pending, 0, bigger, 0, size);
            pending = bigger;
        }
        System.arraycopy(data, off, pending, size, len);
        size += len;
    }

    private void clear() {
        size = 0;
        if (pending.length > KEEP) {
            pending = NONE;
        }
    }

    /** The stream ended: what is left goes out as a partial line. */
    void finish(Sink sink) {
        if (size > 0) {
            sink.line(true, pending, 0, size);
            clear();
        }
    }

    /** Bytes kept for the unfinished line (tests). */
    int kept() {
        return pending.length;
    }
}
