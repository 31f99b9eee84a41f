package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.CharsetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP request of a streaming connection: {@code /exec|attach|portforward/<token>}. The
 * token is redeemed (404 when unknown, used, expired or of another kind); then the connection is
 * upgraded to WebSocket or SPDY/3.1 with the sub-protocol both sides support, and this handler
 * gives way to the protocol's handler.
 */
final class UpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(UpgradeHandler.class);
    static final String PROTOCOL_HEADER = "X-Stream-Protocol-Version";
    /** Remote-command sub-protocols over SPDY, best first, with their version. */
    static final List<String> SPDY_COMMAND = List.of(
            "v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io");

    static final String SPDY_PORT_FORWARD = "portforward.k8s.io";
    static final String WS_COMMAND = "v5.channel.k8s.io,v4.channel.k8s.io,channel.k8s.io";
    /** Port-forward over WebSocket: SPDY tunnelled through it (kubectl, crictl), or channels. */
    static final String WS_PORT_FORWARD =
            WsSpdyTunnel.PREFIX + SPDY_PORT_FORWARD + ",v4.channel.k8s.io," + SPDY_PORT_FORWARD;

    static final int MAX_FRAME = 1 << 20;

    private final Streaming streaming;
    private final Executor pool;
    private final StreamLimits limits;

    UpgradeHandler(Streaming streaming, Executor pool, StreamLimits limits) {
        this.streaming = streaming;
        this.pool = pool;
        this.limits = limits;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        RequestDeadline.met(ctx.pipeline());
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String[] parts = uri.path().split("/");
        if (parts.length != 3 || !parts[0].isEmpty()) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "no such streaming endpoint: " + uri.path());
            return;
        }
        String kind = parts[1];
        Optional<Streaming.Request> redeemed = streaming.redeem(parts[2]);
        Streaming.Request request = redeemed.orElse(null);
        boolean matches = request != null
                && switch (kind) {
                    case "exec" -> request instanceof Streaming.ExecCommand;
                    case "attach" -> request instanceof Streaming.AttachCommand;
                    case "portforward" -> request instanceof Streaming.PortForwardCommand;
                    default -> false;
                };
        if (!matches) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "unknown or expired streaming token");
            return;
        }
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE, "");
        if (upgrade.equalsIgnoreCase("websocket")) {
            webSocket(ctx, req, uri, request);
        } else if (upgrade.toLowerCase().startsWith("spdy/3")) {
            spdy(ctx, req, request);
        } else {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "streaming needs an Upgrade to SPDY/3.1 or websocket");
        }
    }

    private void webSocket(
            ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri, Streaming.Request r) {
        boolean portForward = r instanceof Streaming.PortForwardCommand;
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                        url, portForward ? WS_PORT_FORWARD : WS_COMMAND, false, MAX_FRAME)
                .newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        // Netty picks the first sub-protocol the client offers that the server supports
        boolean tunnel =
                portForward && (WsSpdyTunnel.PREFIX + SPDY_PORT_FORWARD).equals(firstSupported(req, WS_PORT_FORWARD));
        List<Integer> ports = new ArrayList<>();
        if (portForward && !tunnel) {
            try {
                ports.addAll(PortParameters.parse(uri.parameters().getOrDefault("port", List.of())));
            } catch (NumberFormatException e) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "bad port parameter: " + e.getMessage());
                return;
            }
            if (ports.isEmpty()) {
                ports.addAll(((Streaming.PortForwardCommand) r).ports());
            }
            if (ports.isEmpty()) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "query parameter \"port\" is required");
                return;
            }
            if (ports.size() > limits.maxPortForwardStreams()) {
                respond(
                        ctx,
                        HttpResponseStatus.BAD_REQUEST,
                        ports.size() + " ports asked for; at most " + limits.maxPortForwardStreams()
                                + " per connection");
                return;
            }
        }
        handshaker.handshake(ctx.channel(), req).addListener((ChannelFutureListener)
                f -> webSocketOpened(ctx, f, handshaker, r, ports));
    }

    /** Once the handshake is done: this handler gives way to the selected sub-protocol's. */
    private void webSocketOpened(
            ChannelHandlerContext ctx,
            ChannelFuture f,
            WebSocketServerHandshaker handshaker,
            Streaming.Request r,
            List<Integer> ports) {
        if (!f.isSuccess()) {
            log.debug("WebSocket handshake failed: {}", f.cause().toString());
            ctx.close();
            return;
        }
        String sub = handshaker.selectedSubprotocol();
        if (sub != null && sub.startsWith(WsSpdyTunnel.PREFIX)) {
            // the ports arrive in the SPDY streams' headers, as with plain SPDY
            ctx.pipeline().addLast("tunnel", new WsSpdyTunnel());
            ctx.pipeline().addLast("spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
            ctx.pipeline().addLast(new SpdyPortForward(streaming, (Streaming.PortForwardCommand) r, pool, limits));
            ctx.pipeline().remove(this);
            return;
        }
        int version = sub == null ? 1 : sub.startsWith("v5.") ? 5 : sub.startsWith("v4.") ? 4 : 1;
        ctx.pipeline().addLast(new WebSocketFrameAggregator(MAX_FRAME));
        ctx.pipeline()
                .addLast(
                        r instanceof Streaming.PortForwardCommand pf
                                ? new WsPortForward(streaming, pf, ports, pool, limits.portForwardBufferBytes())
                                : new WsRemoteCommand(streaming, r, version, pool, limits));
        ctx.pipeline().remove(this);
    }

    /** The first sub-protocol the WebSocket request offers that is in {@code supported}, or null. */
    static String firstSupported(FullHttpRequest req, String supported) {
        List<String> ours = List.of(supported.split(","));
        for (String v : req.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String p : v.split(",")) {
                if (ours.contains(p.trim())) {
                    return p.trim();
                }
            }
        }
        return null;
    }

    private void spdy(ChannelHandlerContext ctx, FullHttpRequest req, Streaming.Request r) {
        boolean portForward = r instanceof Streaming.PortForwardCommand;
        List<String> offered = new ArrayList<>();
        for (String v : req.headers().getAll(PROTOCOL_HEADER)) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        List<String> supported = portForward ? List.of(SPDY_PORT_FORWARD) : SPDY_COMMAND;
        String chosen = null;
        for (String p : offered) {
            if (supported.contains(p)) {
                chosen = p;
                break;
            }
        }
        if (!offered.isEmpty() && chosen == null) {
            respond(
                    ctx,
                    HttpResponseStatus.FORBIDDEN,
                    "unable to upgrade: unable to negotiate protocol: client supports " + offered + ", server supports "
                            + supported);
            return;
        }
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        response.headers().set(HttpHeaderNames.UPGRADE, "SPDY/3.1");
        if (chosen != null) {
            response.headers().set(PROTOCOL_HEADER, chosen);
        }
        int version = chosen == null ? 1 : chosen.startsWith("v") ? chosen.charAt(1) - '0' : 1;
        ctx.writeAndFlush(response);
        // The response is encoded by now; from here on the bytes are SPDY frames.
        ctx.pipeline().remove("aggregator");
        ctx.pipeline().addAfter("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        ctx.pipeline()
                .addLast(
                        portForward
                                ? new SpdyPortForward(streaming, (Streaming.PortForwardCommand) r, pool, limits)
                                : new SpdyRemoteCommand(streaming, r, version, pool, limits));
        ctx.pipeline().remove(this);
        ctx.pipeline().remove("http");
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text + "\n", CharsetUtil.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("streaming request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
