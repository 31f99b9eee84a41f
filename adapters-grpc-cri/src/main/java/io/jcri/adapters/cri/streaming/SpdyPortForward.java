package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port forwarding over SPDY/3.1 ({@code portforward.k8s.io}): for each forwarded connection the
 * client opens an error stream and a data stream, both naming the {@code port} and a shared
 * {@code requestID}. Once both are there, jcri connects to the port inside the pod and copies
 * bytes both ways; a failure to connect is written as text on the error stream. Any number of
 * pairs, for any ports, share one connection, up to {@code maxPortForwardStreams} at once (more are
 * refused with RST_STREAM); what a pair's data stream carries before its pod connection is made
 * is held in {@link EarlyBytes}, bounded.
 */
final class SpdyPortForward extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SpdyPortForward.class);

    private final Streaming streaming;
    private final Streaming.PortForwardCommand request;
    private final Executor pool;
    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<Integer, Pair> byDataStream = new HashMap<>();
    private final Set<Pair> live = new HashSet<>();
    private final StreamLimits limits;
    private EarlyBytes early;
    private ChannelHandlerContext ctx;

    SpdyPortForward(Streaming streaming, Streaming.PortForwardCommand request, Executor pool, StreamLimits limits) {
        this.streaming = streaming;
        this.request = request;
        this.pool = pool;
        this.limits = limits;
    }

    /** One forwarded connection: its two streams and, once connected, the pod's socket. */
    private final class Pair {
        int errorStream;
        int dataStream;
        int port;
        PodSocket socket;
        boolean clientDone;
        boolean closed;

        void close() {
            if (closed) {
                return;
            }
            early.drop(this);
            closed = true;
            live.remove(this);
            byDataStream.remove(dataStream);
            if (socket != null) {
                socket.close();
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.early = new EarlyBytes(ctx.channel(), limits.portForwardBufferBytes());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SpdySynStreamFrame syn) {
                onStream(syn);
            } else if (msg instanceof SpdyDataFrame data) {
                Pair p = byDataStream.get(data.streamId());
                if (p != null) {
                    if (data.content().isReadable()) {
                        if (p.socket != null) {
                            p.socket.write(data.content());
                        } else {
                            early.hold(p, data.content());
                        }
                    }
                    if (data.isLast()) {
                        p.clientDone = true;
                        if (p.socket != null) {
                            p.socket.shutdownOutput();
                        }
                    }
                }
            } else if (msg instanceof SpdyRstStreamFrame rst) {
                Pair p = byDataStream.get(rst.streamId());
                if (p != null) {
                    p.close();
                }
            } else if (msg instanceof SpdyPingFrame ping) {
                ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onStream(SpdySynStreamFrame syn) {
        ctx.writeAndFlush(SpdyReplies.accept(syn));
        String type = String.valueOf(syn.headers().getAsString("streamtype")).toLowerCase();
        String portText = syn.headers().getAsString("port");
        String requestId = syn.headers().getAsString("requestid");
        if (requestId == null) {
            // clients before request IDs: the data stream follows its error stream
            requestId = Integer.toString(type.equals("data") ? syn.streamId() - 2 : syn.streamId());
        }
        Pair p = pairs.get(requestId);
        if (p == null) {
            if (live.size() >= limits.maxPortForwardStreams()) {
                log.debug(
                        "port forward: refusing stream {}: {} forwarded connections already open",
                        syn.streamId(),
                        live.size());
                ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(syn.streamId(), SpdyStreamStatus.REFUSED_STREAM));
                return;
            }
            p = new Pair();
            pairs.put(requestId, p);
            live.add(p);
        }
        int port;
        try {
            port = Integer.parseInt(String.valueOf(portText));
        } catch (NumberFormatException e) {
            port = -1;
        }
        p.port = port;
        if (type.equals("error")) {
            p.errorStream = syn.streamId();
        } else if (type.equals("data")) {
            p.dataStream = syn.streamId();
            byDataStream.put(syn.streamId(), p);
            if (syn.isLast()) {
                p.clientDone = true;
            }
        } else {
            log.debug("port forward: unknown stream type {} on stream {}", type, syn.streamId());
            return;
        }
        if (p.errorStream != 0 && p.dataStream != 0) {
            pairs.remove(requestId);
            connect(p);
        }
    }

    private void connect(Pair p) {
        int port = p.port;
        pool.execute(() -> {
            SocketChannel socket;
            try {
                socket = streaming.connect(request, port);
            } catch (RuntimeException e) {
                String message = "error forwarding port " + port + " to pod sandbox " + request.sandboxId() + ": "
                        + e.getMessage();
                ctx.executor().execute(() -> fail(p, message));
                return;
            }
            ctx.executor().execute(() -> attach(p, socket));
        });
    }

    private void fail(Pair p, String message) {
        ctx.write(new DefaultSpdyDataFrame(p.errorStream, Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)));
        finish(p.errorStream);
        finish(p.dataStream);
        ctx.flush();
        p.close();
    }

    private void attach(Pair p, SocketChannel socket) {
        if (p.closed || !ctx.channel().isActive()) {
            try {
                socket.close();
            } catch (java.io.IOException e) {
                log.debug("closing an unused pod connection: {}", e.toString());
            }
            return;
        }
        p.socket = PodSocket.open(socket, ctx.channel(), data -> send(p, data), () -> {
            finish(p.dataStream);
            finish(p.errorStream);
            ctx.flush();
            p.close();
        });
        for (ByteBuf held : early.take(p)) {
            p.socket.write(held);
            held.release();
        }
        if (p.clientDone) {
            p.socket.shutdownOutput();
        }
    }

    private void send(Pair p, ByteBuf data) {
        ctx.writeAndFlush(new DefaultSpdyDataFrame(p.dataStream, data));
    }

    private void finish(int streamId) {
        DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(streamId);
        fin.setLast(true);
        ctx.write(fin);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            byDataStream.values().forEach(p -> {
                if (p.socket != null) {
                    p.socket.resumeReading();
                }
            });
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Pair p : live.toArray(new Pair[0])) {
            p.close();
        }
        pairs.clear();
        early.dropAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("port forward connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
