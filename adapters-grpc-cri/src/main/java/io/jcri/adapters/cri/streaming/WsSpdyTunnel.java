package io.jcri.adapters.cri.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * SPDY tunnelled through a WebSocket ({@code SPDY/3.1+portforward.k8s.io}, what kubectl and crictl
 * use for port-forward over WebSocket): the binary messages in both directions are one byte
 * stream carrying SPDY frames, so inbound message payloads go up as bytes to the SPDY codec and
 * the codec's bytes go out as binary messages. Pings are answered; a close is echoed and ends the
 * connection.
 */
final class WsSpdyTunnel extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    static final String PREFIX = "SPDY/3.1+";

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        out.add(new BinaryWebSocketFrame(bytes.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, frame.content().retain()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (!(frame instanceof PongWebSocketFrame)) {
            // a text message has no place in a byte tunnel
            ctx.writeAndFlush(new CloseWebSocketFrame(1003, "SPDY tunnel carries binary messages only"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
