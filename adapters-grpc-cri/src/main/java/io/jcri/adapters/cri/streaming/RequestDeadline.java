package io.jcri.adapters.cri.streaming;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a streaming connection whose HTTP request has not arrived, whole, within the timeout
 * after it was accepted (TLS handshake included), however slowly it trickles in. The request's
 * handler takes this handler out of the pipeline with {@link #met} once the request is there.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    static final String NAME = "request-deadline";
    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

    private final Duration timeout;
    private ScheduledFuture<?> expiry;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /** The request arrived: no deadline any more. */
    static void met(ChannelPipeline pipeline) {
        if (pipeline.get(NAME) != null) {
            pipeline.remove(NAME);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        expiry = ctx.executor()
                .schedule(
                        () -> {
                            log.debug(
                                    "streaming connection {} sent no request within {}; closing",
                                    ctx.channel().remoteAddress(),
                                    timeout);
                            ctx.close();
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (expiry != null) {
            expiry.cancel(false);
        }
    }
}
