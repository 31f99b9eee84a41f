package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec and attach over WebSocket ({@code channel.k8s.io}, {@code v4.channel.k8s.io}, {@code
 * v5.channel.k8s.io}): every binary message starts with its channel (0 stdin, 1 stdout, 2 stderr,
 * 3 error, 4 resize). v5 adds channel 255: {@code [255, 0]} closes stdin. An empty message on the
 * first output channel tells the client the session is ready; at the end, the status goes out on
 * the error channel and the connection closes normally.
 */
final class WsRemoteCommand extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WsRemoteCommand.class);
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private final Streaming streaming;
    private final Streaming.Request request;
    private final int protocolVersion;
    private final Executor pool;
    private final StreamLimits limits;
    private final TerminalSizes sizes = new TerminalSizes();
    private ChannelHandlerContext ctx;
    private CommandBridge bridge;

    WsRemoteCommand(
            Streaming streaming, Streaming.Request request, int protocolVersion, Executor pool, StreamLimits limits) {
        this.streaming = streaming;
        this.limits = limits;
        this.request = request;
        this.protocolVersion = protocolVersion;
        this.pool = pool;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        boolean stdout =
                request instanceof Streaming.ExecCommand e ? e.stdout() : ((Streaming.AttachCommand) request).stdout();
        boolean stderr =
                request instanceof Streaming.ExecCommand e ? e.stderr() : ((Streaming.AttachCommand) request).stderr();
        int first = stdout ? STDOUT : stderr ? STDERR : ERROR;
        ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) first})));
        bridge = new CommandBridge(ctx.channel(), streaming, request, pool, limits.attachBufferBytes(), new Wire());
        bridge.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame frame) {
                onMessage(frame.content());
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

    private void onMessage(ByteBuf content) {
        if (!content.isReadable()) {
            return;
        }
        int channel = content.readUnsignedByte();
        switch (channel) {
            case STDIN -> bridge.stdin(content);
            case RESIZE -> {
                for (TerminalSizes.Size s : sizes.feed(ByteBufUtil.getBytes(content))) {
                    bridge.resize(s.width(), s.height());
                }
            }
            case CLOSE -> {
                if (protocolVersion >= 5 && content.isReadable() && content.readUnsignedByte() == STDIN) {
                    bridge.closeStdin();
                }
            }
            default -> log.debug("exec over WebSocket: ignored a message on channel {}", channel);
        }
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
        if (bridge != null) {
            bridge.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("WebSocket stream {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private final class Wire implements CommandBridge.Wire {
        @Override
        public ChannelFuture stdout(ByteBuf data) {
            return send(STDOUT, data);
        }

        @Override
        public ChannelFuture stderr(ByteBuf data) {
            return send(STDERR, data);
        }

        private ChannelFuture send(int channel, ByteBuf data) {
            ByteBuf framed = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(new byte[] {(byte) channel}), data);
            return ctx.writeAndFlush(new BinaryWebSocketFrame(framed));
        }

        @Override
        public void finish(Streaming.Outcome outcome) {
            List<String> command = request instanceof Streaming.ExecCommand e ? e.command() : List.of();
            byte[] status = RemoteStatus.of(outcome, command, protocolVersion >= 4);
            ctx.executor().execute(() -> {
                if (status.length > 0) {
                    send(ERROR, Unpooled.wrappedBuffer(status));
                }
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
                ctx.executor().schedule(() -> ctx.close(), SpdyRemoteCommand.LINGER.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
    }
}
