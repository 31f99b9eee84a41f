package io.jcri.adapters.containerd.nri;

import io.jcri.ports.threads.NamedThreads;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * NRI's connection multiplexer: several logical byte streams over one socket (the trunk). Each
 * trunk frame is an 8-byte header (connection id uint32, payload length uint32, big-endian) and
 * the payload, a chunk of that connection's stream. Connection 1 carries the plugin's ttrpc
 * service (the runtime is its client), connection 2 the runtime's service (the plugin is its
 * client); id 0 is reserved. Opening a connection sends nothing: both ends open the same ids.
 * Frames for a connection not opened here are dropped.
 */
final class NriMux implements Closeable {
    private static final Logger log = Logger.getLogger(NriMux.class.getName());

    static final int HEADER_LENGTH = 8;
    static final int PLUGIN_SERVICE_CONN = 1;
    static final int RUNTIME_SERVICE_CONN = 2;
    /** The largest frame payload: one whole ttrpc message. */
    static final int MAX_PAYLOAD = TtrpcFrame.HEADER_LENGTH + TtrpcFrame.MAX_LENGTH;

    private final InputStream trunkIn;
    private final OutputStream trunkOut;
    private final Closeable trunk;
    private final String name;
    private final Map<Integer, MuxConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    NriMux(InputStream trunkIn, OutputStream trunkOut, Closeable trunk, String name) {
        this.trunkIn = trunkIn;
        this.trunkOut = trunkOut;
        this.trunk = trunk;
        this.name = name;
    }

    /** The logical connection {@code id} (the same object on every call). */
    MuxConnection open(int id) {
        if (id == 0) {
            throw new IllegalArgumentException("multiplexed connection id 0 is reserved");
        }
        return connections.computeIfAbsent(id, i -> new MuxConnection(this, i));
    }

    /** Starts the thread that reads the trunk and hands each frame to its connection. */
    void start() {
        NamedThreads.daemon("nri-mux-" + name, this::readLoop).start();
    }

    private void readLoop() {
        try {
            while (!closed) {
                byte[] header = new byte[HEADER_LENGTH];
                int first = trunkIn.read();
                if (first < 0) {
                    break;
                }
                header[0] = (byte) first;
                TtrpcFrame.readFully(trunkIn, header, 1, HEADER_LENGTH - 1);
                ByteBuffer h = ByteBuffer.wrap(header);
                int id = h.getInt();
                long length = Integer.toUnsignedLong(h.getInt());
                if (length > MAX_PAYLOAD) {
                    throw new IOException("multiplexed frame of " + length + " bytes for connection "
                            + Integer.toUnsignedString(id) + " is over the limit of " + MAX_PAYLOAD);
                }
                byte[] payload = new byte[(int) length];
                TtrpcFrame.readFully(trunkIn, payload, 0, payload.length);
                MuxConnection c = connections.get(id);
                if (c != null) {
                    c.deliver(payload);
                }
            }
        } catch (EOFException e) {
            log.fine(() -> "NRI connection " + name + " ended: " + e.getMessage());
        } catch (IOException e) {
            if (!closed) {
                log.log(Level.FINE, "NRI connection " + name + " failed", e);
            }
        } finally {
            close();
        }
    }

    /** Sends {@code len} bytes of connection {@code id}'s stream, in frames of at most {@link #MAX_PAYLOAD}. */
    void write(int id, byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("NRI connection " + name + " is closed");
        }
        int done = 0;
        do {
            int n = Math.min(len - done, MAX_PAYLOAD);
            ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH).putInt(id).putInt(n);
            synchronized (trunkOut) {
                trunkOut.write(h.array());
                trunkOut.write(b, off + done, n);
                trunkOut.flush();
            }
            done += n;
        } while (done < len);
    }

    boolean isClosed() {
        return closed;
    }

    String name() {
        return name;
    }

    /** Closes the trunk; every connection's reader then sees the end of its stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.values().forEach(MuxConnection::end);
        try {
            trunk.close();
        } catch (IOException e) {
            log.fine(() -> "NRI connection " + name + ": close: " + e.getMessage());
        }
    }
}
