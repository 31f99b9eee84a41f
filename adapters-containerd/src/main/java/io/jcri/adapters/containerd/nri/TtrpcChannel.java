package io.jcri.adapters.containerd.nri;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jcri.ports.threads.NamedThreads;
import io.jcri.ttrpc.api.Request;
import io.jcri.ttrpc.api.Response;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * ttrpc over one logical connection: unary calls out (odd stream ids from 1, the client's
 * numbering) and, when given a handler, requests in, each answered on its own stream. Streams
 * (type 3 data frames) are not used by NRI and are refused.
 */
final class TtrpcChannel implements Closeable {
    private static final Logger log = Logger.getLogger(TtrpcChannel.class.getName());

    /** Serves one request: the response payload, or a {@link TtrpcException} for an error status. */
    interface Handler {
        byte[] handle(String service, String method, byte[] payload) throws TtrpcException;
    }

    private final MuxConnection conn;
    private final Handler handler;
    private final Executor executor;
    private final Runnable onClose;
    private final AtomicInteger nextStream = new AtomicInteger(1);
    private final Object sendLock = new Object();
    private final Map<Integer, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    TtrpcChannel(MuxConnection conn, Handler handler, Executor executor, Runnable onClose) {
        this.conn = conn;
        this.handler = handler;
        this.executor = executor;
        this.onClose = onClose;
    }

    void start() {
        NamedThreads.daemon("nri-ttrpc-" + conn.mux().name() + "-" + conn.id(), this::readLoop)
                .start();
    }

    /** Calls {@code service}/{@code method} and waits at most {@code timeout} for the answer. */
    byte[] call(String service, String method, byte[] payload, Duration timeout) throws TtrpcException {
        if (closed) {
            throw new TtrpcException(TtrpcException.UNAVAILABLE, "connection closed");
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Request request = Request.newBuilder()
                .setService(service)
                .setMethod(method)
                .setPayload(ByteString.copyFrom(payload))
                .setTimeoutNano(timeout.toNanos())
                .build();
        int stream = 0;
        try {
            // a ttrpc server refuses a stream id lower than one it has seen: number and send in one go
            synchronized (sendLock) {
                stream = nextStream.getAndAdd(2);
                pending.put(stream, answer);
                send(new TtrpcFrame(stream, TtrpcFrame.REQUEST, (byte) 0, request.toByteArray()));
            }
            Response response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.hasStatus() && response.getStatus().getCode() != 0) {
                throw new TtrpcException(
                        response.getStatus().getCode(), response.getStatus().getMessage());
            }
            return response.getPayload().toByteArray();
        } catch (TimeoutException e) {
            throw new TtrpcException(
                    TtrpcException.DEADLINE_EXCEEDED, method + " got no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new TtrpcException(TtrpcException.UNAVAILABLE, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtrpcException(TtrpcException.UNAVAILABLE, method + " interrupted");
        } catch (IOException e) {
            throw new TtrpcException(TtrpcException.UNAVAILABLE, "cannot send " + method + ": " + e.getMessage());
        } finally {
            pending.remove(stream);
        }
    }

    private void send(TtrpcFrame frame) throws IOException {
        byte[] bytes = frame.encode();
        conn.output().write(bytes, 0, bytes.length);
    }

    private void readLoop() {
        try {
            while (true) {
                TtrpcFrame frame = TtrpcFrame.read(conn.input());
                if (frame.type() == TtrpcFrame.RESPONSE) {
                    CompletableFuture<Response> f = pending.get(frame.streamId());
                    if (f != null) {
                        f.complete(Response.parseFrom(frame.payload()));
                    }
                } else if (frame.type() == TtrpcFrame.REQUEST) {
                    Request request = Request.parseFrom(frame.payload());
                    executor.execute(() -> serve(frame.streamId(), request));
                } else {
                    refuse(frame.streamId(), "ttrpc frame type " + frame.type() + " (streams) is not supported");
                }
            }
        } catch (EOFException e) {
            log.fine(() -> "ttrpc connection " + conn.id() + " ended");
        } catch (IOException e) {
            log.fine(() -> "ttrpc connection " + conn.id() + " failed: " + e.getMessage());
        } finally {
            close();
        }
    }

    private void serve(int stream, Request request) {
        Response.Builder response = Response.newBuilder();
        try {
            if (handler == null) {
                throw new TtrpcException(TtrpcException.UNIMPLEMENTED, "no service on this connection");
            }
            byte[] out = handler.handle(
                    request.getService(),
                    request.getMethod(),
                    request.getPayload().toByteArray());
            response.setPayload(ByteString.copyFrom(out));
        } catch (TtrpcException e) {
            response.setStatus(status(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            response.setStatus(status(TtrpcException.INTERNAL, String.valueOf(e.getMessage())));
        }
        try {
            send(new TtrpcFrame(
                    stream, TtrpcFrame.RESPONSE, (byte) 0, response.build().toByteArray()));
        } catch (IOException e) {
            log.fine(() -> "ttrpc: cannot answer " + request.getMethod() + ": " + e.getMessage());
        }
    }

    private void refuse(int stream, String why) throws IOException {
        Response r = Response.newBuilder()
                .setStatus(status(TtrpcException.UNIMPLEMENTED, why))
                .build();
        send(new TtrpcFrame(stream, TtrpcFrame.RESPONSE, (byte) 0, r.toByteArray()));
    }

    private static com.google.rpc.Status status(int code, String message) {
        return com.google.rpc.Status.newBuilder()
                .setCode(code)
                .setMessage(message)
                .build();
    }

    /** Parses a protobuf payload, as a ttrpc error when it is malformed. */
    static <T> T parse(ProtoParser<T> parser, byte[] payload, String what) throws TtrpcException {
        try {
            return parser.parse(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new TtrpcException(TtrpcException.INTERNAL, "malformed " + what + ": " + e.getMessage());
        }
    }

    /** A generated message's {@code parseFrom(byte[])}. */
    interface ProtoParser<T> {
        T parse(byte[] payload) throws InvalidProtocolBufferException;
    }

    boolean isClosed() {
        return closed;
    }

    /** Fails the calls waiting for an answer, closes the multiplexer and tells the owner once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
        conn.mux().close();
        if (onClose != null) {
            onClose.run();
        }
    }
}
