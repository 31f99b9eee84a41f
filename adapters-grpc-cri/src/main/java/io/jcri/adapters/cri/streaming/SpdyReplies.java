package io.jcri.adapters.cri.streaming;

import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;

/**
 * The SYN_REPLY that accepts a client's stream. SPDY/3 header blocks are zlib-compressed and
 * always start with the header count; Netty encodes a frame with no headers as an empty block
 * (zero bytes, not a compressed count of zero), which Go's SPDY framer (crictl, kubectl, the
 * kubelet) cannot read: it then never sees the reply and the stream times out. So every reply
 * carries one header, the stream's type echoed back, and its block is never empty.
 */
final class SpdyReplies {
    static final String STREAM_TYPE = "streamtype";

    private SpdyReplies() {}

    static SpdySynReplyFrame accept(SpdySynStreamFrame syn) {
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
        String type = syn.headers().getAsString(STREAM_TYPE);
        reply.headers().set(STREAM_TYPE, type == null || type.isEmpty() ? "unknown" : type.toLowerCase());
        return reply;
    }
}
