package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins one client connection to an exec or attach session, whatever the protocol: the blocking
 * calls (start, stdin, resize) run in order off the event loop; stdin stops being read while more
 * than {@link #HIGH_WATER} bytes wait for the process; the session is cancelled when the client
 * goes away. The protocol handler supplies the {@link Wire} that frames output for its protocol.
 */
final class CommandBridge implements Streaming.Output {
    private static final Logger log = LoggerFactory.getLogger(CommandBridge.class);
    static final long HIGH_WATER = 1 << 20;
    static final long LOW_WATER = 256 << 10;
    /** How often an exec's output reader looks whether a slow client can take more. */
    private static final long WRITABLE_WAIT_MS = 50;

    /** Frames the session's output for one protocol; called on any thread. */
    interface Wire {
        void stdout(ByteBuf data);

        void stderr(ByteBuf data);

        void finish(Streaming.Outcome outcome);
    }

    private final Channel channel;
    private final Streaming streaming;
    private final Streaming.Request request;
    private final Executor pool;
    private final SerialExecutor serial;
    private final Wire wire;
    private final AtomicLong pendingStdin = new AtomicLong();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Streaming.Session session;
    private volatile boolean closed;

    CommandBridge(Channel channel, Streaming streaming, Streaming.Request request, Executor pool, Wire wire) {
        this.channel = channel;
        this.streaming = streaming;
        this.request = request;
        this.pool = pool;
        this.serial = new SerialExecutor(pool);
        this.wire = wire;
    }

    void start() {
        serial.execute(() -> {
            Streaming.Session s;
            try {
                s = request instanceof Streaming.ExecCommand e
                        ? streaming.startExec(e, this)
                        : streaming.startAttach((Streaming.AttachCommand) request, this);
            } catch (RuntimeException e) {
                log.debug("streaming session failed to start: {}", e.getMessage());
                finished(Streaming.Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage()));
                return;
            }
            session = s;
            if (closed) {
                s.cancel();
            }
        });
    }

    /** Bytes the client sent on stdin (the buffer is not retained). */
    void stdin(ByteBuf data) {
        int n = data.readableBytes();
        if (n == 0 || closed) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(data);
        if (pendingStdin.addAndGet(n) > HIGH_WATER) {
            channel.config().setAutoRead(false);
        }
        serial.execute(() -> {
            try {
                Streaming.Session s = session;
                if (s != null) {
                    s.stdin(bytes, 0, bytes.length);
                }
            } finally {
                long left = pendingStdin.addAndGet(-n);
                if (left < LOW_WATER && left + n >= LOW_WATER) {
                    channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
                }
            }
        });
    }

    void closeStdin() {
        serial.execute(() -> {
            Streaming.Session s = session;
            if (s != null) {
                s.closeStdin();
            }
        });
    }

    void resize(int width, int height) {
        serial.execute(() -> {
            Streaming.Session s = session;
            if (s != null) {
                s.resize(width, height);
            }
        });
    }

    /** The connection is gone: cancel the session (not queued behind a stdin write that blocks). */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        serial.shutdown();
        Streaming.Session s = session;
        if (s != null && !done.get()) {
            pool.execute(s::cancel);
        }
    }

    boolean finishedAlready() {
        return done.get();
    }

    // ---- Streaming.Output: called on the session's threads ----

    @Override
    public void stdout(byte[] data, int offset, int length) {
        throttle();
        wire.stdout(Unpooled.copiedBuffer(data, offset, length));
    }

    @Override
    public void stderr(byte[] data, int offset, int length) {
        throttle();
        wire.stderr(Unpooled.copiedBuffer(data, offset, length));
    }

    @Override
    public void finished(Streaming.Outcome outcome) {
        if (done.compareAndSet(false, true)) {
            wire.finish(outcome);
        }
    }

    /**
     * An exec's output reader waits while the client cannot take more, so the process slows down
     * instead of jcri buffering without bound; an attach never waits (it shares the reader with
     * the log).
     */
    private void throttle() {
        if (!(request instanceof Streaming.ExecCommand)) {
            return;
        }
        while (channel.isActive() && !channel.isWritable() && !closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(WRITABLE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
