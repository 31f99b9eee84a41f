package io.jcri.adapters.containerd.nri;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * One ttrpc message on a byte stream: a 10-byte header (payload length uint32, stream id uint32,
 * both big-endian, then a type byte and a flags byte) followed by the payload. Requests (type 1)
 * and responses (type 2) carry a protobuf {@code ttrpc.Request} or {@code ttrpc.Response}; clients
 * number their streams with odd ids.
 */
record TtrpcFrame(int streamId, byte type, byte flags, byte[] payload) {
    static final int HEADER_LENGTH = 10;
    /** The largest payload ttrpc accepts: 4 MiB. */
    static final int MAX_LENGTH = 4 << 20;

    static final byte REQUEST = 1;
    static final byte RESPONSE = 2;
    static final byte DATA = 3;

    TtrpcFrame {
        if (payload.length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "ttrpc message of " + payload.length + " bytes is over the limit of " + MAX_LENGTH);
        }
    }

    /** The header and payload, in one array (one write, so one multiplexer frame). */
    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + payload.length);
        b.putInt(payload.length).putInt(streamId).put(type).put(flags).put(payload);
        return b.array();
    }

    /**
     * Reads the next frame.
     *
     * @throws EOFException when the stream ends before a header starts (a clean end)
     * @throws IOException when it ends inside a frame, or a frame is over {@link #MAX_LENGTH}
     */
    static TtrpcFrame read(InputStream in) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        int first = in.read();
        if (first < 0) {
            throw new EOFException("ttrpc stream closed");
        }
        header[0] = (byte) first;
        readFully(in, header, 1, HEADER_LENGTH - 1);
        ByteBuffer h = ByteBuffer.wrap(header);
        long length = Integer.toUnsignedLong(h.getInt());
        int stream = h.getInt();
        byte type = h.get();
        byte flags = h.get();
        if (length > MAX_LENGTH) {
            throw new IOException("ttrpc message of " + length + " bytes on stream " + Integer.toUnsignedString(stream)
                    + " is over the limit of " + MAX_LENGTH);
        }
        byte[] payload = new byte[(int) length];
        readFully(in, payload, 0, payload.length);
        return new TtrpcFrame(stream, type, flags, payload);
    }

    static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new EOFException("stream ended " + (len - done) + " bytes before the end of a frame");
            }
            done += n;
        }
    }
}
