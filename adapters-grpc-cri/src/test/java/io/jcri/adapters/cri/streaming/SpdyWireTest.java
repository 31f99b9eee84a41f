package io.jcri.adapters.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What goes on the wire for SPDY clients written in Go (crictl, kubectl, the kubelet). */
class SpdyWireTest {
    @Test
    void aSynReplyCarriesANonEmptyHeaderBlock() {
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(3, 0, (byte) 0);
        syn.headers().set("streamtype", "error");
        SpdySynReplyFrame reply = SpdyReplies.accept(syn);
        assertThat(reply.streamId()).isEqualTo(3);
        assertThat(reply.headers().getAsString("streamtype")).isEqualTo("error");

        EmbeddedChannel ch = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        ch.writeOutbound(reply);
        ByteBuf wire = ch.readOutbound();
        // control bit + version 3, type 2 (SYN_REPLY), then flags and a 24-bit length
        assertThat(wire.getUnsignedShort(0)).isEqualTo(0x8003);
        assertThat(wire.getUnsignedShort(2)).isEqualTo(2);
        int length = wire.getUnsignedMedium(5);
        // 4 bytes of stream id and a compressed header block: Go's framer cannot read a frame of 4
        assertThat(length).isGreaterThan(4);
        assertThat(wire.readableBytes()).isEqualTo(8 + length);
        wire.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void aReplyToAStreamWithoutATypeStillHasAHeader() {
        SpdySynReplyFrame reply = SpdyReplies.accept(new DefaultSpdySynStreamFrame(5, 0, (byte) 0));
        assertThat(reply.headers().isEmpty()).isFalse();
    }

    @Test
    void theWebSocketTunnelCarriesBytesBothWays() {
        EmbeddedChannel ch = new EmbeddedChannel(new WsSpdyTunnel());
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)));
        ByteBuf in = ch.readInbound();
        assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        in.release();

        ch.writeOutbound(Unpooled.copiedBuffer("xyz", StandardCharsets.US_ASCII));
        BinaryWebSocketFrame out = ch.readOutbound();
        assertThat(out.content().toString(StandardCharsets.US_ASCII)).isEqualTo("xyz");
        out.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void theTunnelAnswersPingsAndEchoesAClose() {
        EmbeddedChannel ch = new EmbeddedChannel(new WsSpdyTunnel());
        ch.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("p", StandardCharsets.US_ASCII)));
        PongWebSocketFrame pong = ch.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("p");
        pong.release();
        assertThat((Object) ch.readInbound()).isNull();

        ch.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1000);
        close.release();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
