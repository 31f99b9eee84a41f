package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins one client connection to an exec or attach session, whatever the protocol: the blocking
 * calls (start, stdin, resize) run in order off the event loop; stdin stops being read while more
 * than {@link #HIGH_WATER} bytes wait for the process; terminal sizes not yet applied collapse into
 * the latest one; the session is cancelled when the client goes away. An exec's output waits for a
 * slow client; an attach's never does (its reader also writes the container's log), so an attach
 * client that leaves more than {@code attachBufferBytes} unread loses its stream: the connection
 * is closed and the session detached. The protocol handler supplies the {@link Wire} that frames
 * output for its protocol.
 */
final class CommandBridge implements Streaming.Output {
    private static final Logger log = LoggerFactory.getLogger(CommandBridge.class);
    static final long HIGH_WATER = 1 << 20;
    static final long LOW_WATER = 256 << 10;
    /** How often an exec's output reader looks whether a slow client can take more. */
    private static final long WRITABLE_WAIT_MS = 50;

    /** Frames the session's output for one protocol; called on any thread. */
    interface Wire {
        /** Writes {@code data} (released by the write); the future completes when it is written. */
        ChannelFuture stdout(ByteBuf data);

        ChannelFuture stderr(ByteBuf data);

        void finish(Streaming.Outcome outcome);
    }

    private final Channel channel;
    private final Streaming streaming;
    private final Streaming.Request request;
    private final Executor pool;
    private final SerialExecutor serial;
    private final Wire wire;
    private final long attachBufferBytes;
    private final AtomicLong pendingStdin = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicReference<int[]> pendingSize = new AtomicReference<>();
    private volatile boolean overflowed;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Streaming.Session session;
    private volatile boolean closed;

    CommandBridge(
            Channel channel,
            Streaming streaming,
            Streaming.Request request,
            Executor pool,
            long attachBufferBytes,
            Wire wire) {
        this.channel = channel;
        this.attachBufferBytes = attachBufferBytes;
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

    /** A terminal size; only the latest of those not yet applied is applied. */
    void resize(int width, int height) {
        if (pendingSize.getAndSet(new int[] {width, height}) != null) {
            return;
        }
        serial.execute(() -> {
            int[] size = pendingSize.getAndSet(null);
            Streaming.Session s = session;
            if (s != null && size != null) {
                s.resize(size[0], size[1]);
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

    boolean sessionStarted() {
        return session != null;
    }

    boolean finishedAlready() {
        return done.get();
    }

    // ---- Streaming.Output: called on the session's threads ----

    @Override
    public void stdout(byte[] data, int offset, int length) {
        send(false, data, offset, length);
    }

    @Override
    public void stderr(byte[] data, int offset, int length) {
        send(true, data, offset, length);
    }

    /** Bytes written to the client's connection but not yet sent (attach only). */
    long unsent() {
        return unsent.get();
    }

    private void send(boolean stderr, byte[] data, int offset, int length) {
        if (request instanceof Streaming.ExecCommand) {
            throttle();
        } else if (!admit(length)) {
            return;
        }
        ByteBuf buf = Unpooled.copiedBuffer(data, offset, length);
        ChannelFuture f = stderr ? wire.stderr(buf) : wire.stdout(buf);
        if (!(request instanceof Streaming.ExecCommand)) {
            if (f == null) {
                unsent.addAndGet(-length);
            } else {
                f.addListener(x -> unsent.addAndGet(-length));
            }
        }
    }

    /** Counts {@code length} more unsent bytes of an attach; false (and the stream closed) past the bound. */
    private boolean admit(int length) {
        if (overflowed || closed) {
            return false;
        }
        long now = unsent.addAndGet(length);
        if (now <= attachBufferBytes) {
            return true;
        }
        unsent.addAndGet(-length);
        overflowed = true;
        log.info(
                "attach client {} left more than {} bytes of output unread; closing its stream (the log keeps all)",
                channel.remoteAddress(),
                attachBufferBytes);
        Streaming.Session s = session;
        if (s != null) {
            pool.execute(s::cancel);
        }
        channel.close();
        return false;
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
