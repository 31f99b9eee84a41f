package io.jcri.adapters.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Port forwarding keeps its per-connection state bounded while pod connections are being made. */
class PortForwardBoundsTest {
    private static final StreamLimits LIMITS = new StreamLimits(8, Duration.ofSeconds(5), 1 << 20, 1024, 2);
    /** Pod connections that are never made: the tasks that would make them are kept, not run. */
    private final List<Runnable> neverRun = new ArrayList<>();

    private final Executor pool = neverRun::add;
    private final Streaming.PortForwardCommand command = new Streaming.PortForwardCommand("pod1", List.of());
    private EmbeddedChannel channel;

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static DefaultSpdySynStreamFrame stream(int id, String type, String requestId) {
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
        syn.headers().set("streamtype", type);
        syn.headers().set("port", "80");
        syn.headers().set("requestid", requestId);
        return syn;
    }

    @Test
    void readingFromTheClientPausesOnceItSentMoreThanTheBoundBeforeThePodConnectionIsMade() {
        channel = new EmbeddedChannel(new SpdyPortForward(new FakeStreaming(), command, pool, LIMITS));
        channel.writeInbound(stream(1, "error", "r1"), stream(3, "data", "r1"));
        assertThat(neverRun).hasSize(1);
        channel.writeInbound(new DefaultSpdyDataFrame(3, Unpooled.wrappedBuffer(new byte[1000])));
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(new DefaultSpdyDataFrame(3, Unpooled.wrappedBuffer(new byte[1000])));
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void moreForwardedConnectionsThanTheLimitAreRefused() {
        channel = new EmbeddedChannel(new SpdyPortForward(new FakeStreaming(), command, pool, LIMITS));
        channel.writeInbound(stream(1, "error", "a"), stream(3, "error", "b"), stream(5, "error", "c"));
        List<SpdyRstStreamFrame> resets = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            if (out instanceof SpdyRstStreamFrame rst) {
                resets.add(rst);
            }
            ReferenceCountUtil.release(out);
        }
        assertThat(resets).hasSize(1);
        assertThat(resets.get(0).streamId()).isEqualTo(5);
        assertThat(resets.get(0).status()).isEqualTo(SpdyStreamStatus.REFUSED_STREAM);
    }
}
