package io.jcri.adapters.containerd.nri;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** One logical connection of an {@link NriMux}: a byte stream each way. */
final class MuxConnection {
    private static final byte[] END = new byte[0];

    private final NriMux mux;
    private final int id;
    private final BlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    MuxConnection(NriMux mux, int id) {
        this.mux = mux;
        this.id = id;
    }

    int id() {
        return id;
    }

    NriMux mux() {
        return mux;
    }

    /** What the other end sent on this connection; ends when the trunk closes. */
    InputStream input() {
        return input;
    }

    /** Writes to this connection; one {@code write} call goes out as one frame (up to the frame limit). */
    OutputStream output() {
        return output;
    }

    void deliver(byte[] chunk) {
        if (chunk.length > 0) {
            incoming.add(chunk);
        }
    }

    void end() {
        incoming.add(END);
    }

    private final class Input extends InputStream {
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    byte[] next = incoming.take();
                    if (next == END) {
                        ended = true;
                        incoming.add(END);
                        return -1;
                    }
                    current = next;
                    pos = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted reading NRI connection " + id);
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            mux.write(id, b, off, len);
        }
    }
}
