package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port forwarding over WebSocket: the URL's {@code port} parameters (else the RPC's ports) name
 * the ports; port {@code i} gets channel {@code 2i} for data and {@code 2i+1} for errors, and the
 * first message on each is the port as two bytes, little-endian. One connection per port into
 * the pod; the WebSocket closes when every one of them has ended.
 */
final class WsPortForward extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WsPortForward.class);

    private final Streaming streaming;
    private final Streaming.PortForwardCommand request;
    private final List<Integer> ports;
    private final Executor pool;
    private final PodSocket[] sockets;
    private final long earlyLimit;
    /** Per port, what the client sent before the pod's socket was connected. */
    private EarlyBytes pending;

    private int open;
    private ChannelHandlerContext ctx;

    WsPortForward(
            Streaming streaming,
            Streaming.PortForwardCommand request,
            List<Integer> ports,
            Executor pool,
            long earlyLimit) {
        this.streaming = streaming;
        this.earlyLimit = earlyLimit;
        this.request = request;
        this.ports = List.copyOf(ports);
        this.pool = pool;
        this.sockets = new PodSocket[ports.size()];
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.pending = new EarlyBytes(ctx.channel(), earlyLimit);
        open = ports.size();
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            byte[] prefix = {(byte) (port & 0xFF), (byte) (port >> 8)};
            ctx.write(frame(2 * i, Unpooled.wrappedBuffer(prefix)));
            ctx.write(frame(2 * i + 1, Unpooled.wrappedBuffer(prefix.clone())));
        }
        ctx.flush();
        for (int i = 0; i < ports.size(); i++) {
            connect(i);
        }
    }

    private static BinaryWebSocketFrame frame(int channel, ByteBuf data) {
        return new BinaryWebSocketFrame(
                Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(new byte[] {(byte) channel}), data));
    }

    private void connect(int i) {
        int port = ports.get(i);
        pool.execute(() -> {
            SocketChannel socket;
            try {
                socket = streaming.connect(request, port);
            } catch (RuntimeException e) {
                String message = "error forwarding port " + port + " to pod sandbox " + request.sandboxId() + ": "
                        + e.getMessage();
                ctx.executor().execute(() -> {
                    pending.drop(i);
                    ctx.writeAndFlush(frame(2 * i + 1, Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)));
                    ended();
                });
                return;
            }
            ctx.executor().execute(() -> {
                if (!ctx.channel().isActive()) {
                    try {
                        socket.close();
                    } catch (java.io.IOException e) {
                        log.debug("closing an unused pod connection: {}", e.toString());
                    }
                    return;
                }
                sockets[i] = PodSocket.open(
                        socket, ctx.channel(), data -> ctx.writeAndFlush(frame(2 * i, data)), this::ended);
                for (ByteBuf early : pending.take(i)) {
                    sockets[i].write(early);
                    early.release();
                }
            });
        });
    }

    private void ended() {
        if (--open == 0) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame frame) {
                ByteBuf content = frame.content();
                if (content.isReadable()) {
                    int channel = content.readUnsignedByte();
                    int i = channel / 2;
                    if (channel % 2 == 0 && i < sockets.length && content.isReadable()) {
                        if (sockets[i] != null) {
                            sockets[i].write(content);
                        } else {
                            pending.hold(i, content);
                        }
                    }
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            for (PodSocket s : sockets) {
                if (s != null) {
                    s.resumeReading();
                }
            }
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
        for (PodSocket s : sockets) {
            if (s != null) {
                s.close();
            }
        }
        pending.dropAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("port forward over WebSocket {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
