package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec and attach over SPDY/3.1 ({@code channel.k8s.io} v1 to v5): the client opens one stream
 * per {@code streamType} (error, stdin, stdout, stderr, resize), each answered with a reply; once
 * every stream the request calls for is there, the session starts. stdout and stderr go out as
 * data frames, stdin's FIN closes the process's stdin, the resize stream carries terminal sizes as
 * JSON, and at the end the error stream carries the status before every stream is finished and
 * the connection goes away.
 */
final class SpdyRemoteCommand extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SpdyRemoteCommand.class);
    static final Duration STREAM_CREATION_TIMEOUT = Duration.ofSeconds(30);
    static final Duration LINGER = Duration.ofSeconds(5);

    private final Streaming streaming;
    private final Streaming.Request request;
    private final int protocolVersion;
    private final Executor pool;
    private final StreamLimits limits;
    private final Map<Integer, String> types = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final TerminalSizes sizes = new TerminalSizes();
    private final int expected;
    private CommandBridge bridge;
    private ChannelHandlerContext ctx;

    /** @param protocolVersion 1 to 5 ({@code channel.k8s.io} is 1) */
    SpdyRemoteCommand(
            Streaming streaming, Streaming.Request request, int protocolVersion, Executor pool, StreamLimits limits) {
        this.streaming = streaming;
        this.limits = limits;
        this.request = request;
        this.protocolVersion = protocolVersion;
        this.pool = pool;
        boolean stdin;
        boolean stdout;
        boolean stderr;
        boolean tty;
        if (request instanceof Streaming.ExecCommand e) {
            stdin = e.stdin();
            stdout = e.stdout();
            stderr = e.stderr();
            tty = e.tty();
        } else {
            Streaming.AttachCommand a = (Streaming.AttachCommand) request;
            stdin = a.stdin();
            stdout = a.stdout();
            stderr = a.stderr();
            tty = a.tty();
        }
        int n = 1;
        n += stdin ? 1 : 0;
        n += stdout ? 1 : 0;
        n += stderr && !tty ? 1 : 0;
        n += tty && protocolVersion >= 3 ? 1 : 0;
        this.expected = n;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.executor()
                .schedule(
                        () -> {
                            if (bridge == null && ctx.channel().isActive()) {
                                log.debug(
                                        "streaming client created {} of {} streams in time; closing",
                                        ids.size(),
                                        expected);
                                ctx.close();
                            }
                        },
                        STREAM_CREATION_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SpdySynStreamFrame syn) {
                onStream(syn);
            } else if (msg instanceof SpdyDataFrame data) {
                onData(data);
            } else if (msg instanceof SpdyPingFrame ping) {
                ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            } else if (msg instanceof SpdyRstStreamFrame || msg instanceof SpdyGoAwayFrame) {
                if (bridge != null && !bridge.finishedAlready() && msg instanceof SpdyGoAwayFrame) {
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onStream(SpdySynStreamFrame syn) {
        String type = String.valueOf(syn.headers().getAsString("streamtype")).toLowerCase();
        ctx.writeAndFlush(SpdyReplies.accept(syn));
        types.put(syn.streamId(), type);
        ids.putIfAbsent(type, syn.streamId());
        if (syn.isLast() && type.equals("stdin") && bridge != null) {
            bridge.closeStdin();
        }
        if (bridge == null && ids.size() >= expected) {
            bridge = new CommandBridge(ctx.channel(), streaming, request, pool, limits.attachBufferBytes(), new Wire());
            bridge.start();
            if (protocolVersion == 1 && ids.containsKey("stdin")) {
                bridge.closeStdin();
            }
        }
    }

    private void onData(SpdyDataFrame data) {
        String type = types.get(data.streamId());
        if (type == null || bridge == null) {
            return;
        }
        switch (type) {
            case "stdin" -> {
                bridge.stdin(data.content());
                if (data.isLast()) {
                    bridge.closeStdin();
                }
            }
            case "resize" -> {
                for (TerminalSizes.Size s : sizes.feed(ByteBufUtil.getBytes(data.content()))) {
                    bridge.resize(s.width(), s.height());
                }
            }
            default -> {
                // the client has nothing to say on the other streams
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.debug("streaming connection {} idle; closing", ctx.channel().remoteAddress());
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
        log.debug("streaming connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private final class Wire implements CommandBridge.Wire {
        @Override
        public ChannelFuture stdout(ByteBuf data) {
            return send("stdout", data);
        }

        @Override
        public ChannelFuture stderr(ByteBuf data) {
            return send("stderr", data);
        }

        private ChannelFuture send(String type, ByteBuf data) {
            Integer id = ids.get(type);
            if (id == null) {
                data.release();
                return null;
            }
            return ctx.writeAndFlush(new DefaultSpdyDataFrame(id, data));
        }

        @Override
        public void finish(Streaming.Outcome outcome) {
            List<String> command = request instanceof Streaming.ExecCommand e ? e.command() : List.of();
            byte[] status = RemoteStatus.of(outcome, command, protocolVersion >= 4);
            ctx.executor().execute(() -> {
                Integer error = ids.get("error");
                if (error != null) {
                    if (status.length > 0) {
                        ctx.write(new DefaultSpdyDataFrame(error, Unpooled.wrappedBuffer(status)));
                    }
                    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(error);
                    fin.setLast(true);
                    ctx.write(fin);
                }
                for (String type : List.of("stdout", "stderr")) {
                    Integer id = ids.get(type);
                    if (id != null) {
                        DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
                        fin.setLast(true);
                        ctx.write(fin);
                    }
                }
                ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(0));
                // The client closes once it has read everything; close ourselves if it does not.
                ctx.executor()
                        .schedule(
                                () -> {
                                    ctx.close();
                                },
                                LINGER.toMillis(),
                                TimeUnit.MILLISECONDS);
            });
        }
    }
}
