package io.jcri.adapters.containerd.io;

import java.io.ByteArrayOutputStream;

/**
 * Cuts one output stream into CRI log lines: a full line at each newline (a {@code \r} before it
 * dropped), partial lines of {@link CriLogFormat#MAX_LINE} bytes when a line grows past that, and
 * what is left at the end as a partial line.
 */
final class LineSplitter {
    /** Receives the lines. */
    interface Sink {
        void line(boolean partial, byte[] data, int off, int len);
    }

    private final int max;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

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
                pending.write(buf, start, i - start);
                start = i + 1;
                emitFull(sink);
            }
        }
        pending.write(buf, start, end - start);
        if (pending.size() > max) {
            byte[] all = pending.toByteArray();
            pending.reset();
            int o = 0;
            while (all.length - o > max) {
                sink.line(true, all, o, max);
                o += max;
            }
            pending.write(all, o, all.length - o);
        }
    }

    private void emitFull(Sink sink) {
        byte[] all = pending.toByteArray();
        pending.reset();
        int len = all.length;
        if (len > 0 && all[len - 1] == '\r') {
            len--;
        }
        int o = 0;
        while (len - o > max) {
            sink.line(true, all, o, max);
            o += max;
        }
        sink.line(false, all, o, len - o);
    }

    /** The stream ended: what is left goes out as a partial line. */
    void finish(Sink sink) {
        if (pending.size() > 0) {
            byte[] all = pending.toByteArray();
            pending.reset();
            sink.line(true, all, 0, all.length);
        }
    }
}
