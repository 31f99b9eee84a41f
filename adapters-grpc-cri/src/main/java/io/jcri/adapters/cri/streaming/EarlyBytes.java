package io.jcri.adapters.cri.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a port-forward client sent for forwarded connections whose pod connection is not made yet,
 * held until it is. Bounded per client connection: past {@code limit} bytes, reading from the
 * client pauses until the held bytes are taken or dropped. Used on the client's event loop only.
 */
final class EarlyBytes {
    private final Channel client;
    private final long limit;
    private final Map<Object, List<ByteBuf>> held = new HashMap<>();
    private long bytes;

    EarlyBytes(Channel client, long limit) {
        this.client = client;
        this.limit = limit;
    }

    /** Holds {@code data} (retained here) for the forwarded connection {@code key}. */
    void hold(Object key, ByteBuf data) {
        held.computeIfAbsent(key, k -> new ArrayList<>()).add(data.retain());
        bytes += data.readableBytes();
        if (bytes > limit) {
            client.config().setAutoRead(false);
        }
    }

    /** The bytes held for {@code key}, in order (the caller releases them). */
    List<ByteBuf> take(Object key) {
        List<ByteBuf> out = held.remove(key);
        if (out == null) {
            return List.of();
        }
        for (ByteBuf b : out) {
            bytes -= b.readableBytes();
        }
        resumeIfBelow();
        return out;
    }

    /** Releases what is held for {@code key}. */
    void drop(Object key) {
        take(key).forEach(ReferenceCountUtil::release);
    }

    void dropAll() {
        held.values().forEach(list -> list.forEach(ReferenceCountUtil::release));
        held.clear();
        bytes = 0;
    }

    long bytes() {
        return bytes;
    }

    private void resumeIfBelow() {
        if (bytes <= limit && !client.config().isAutoRead() && client.isActive()) {
            client.config().setAutoRead(true);
        }
    }
}
