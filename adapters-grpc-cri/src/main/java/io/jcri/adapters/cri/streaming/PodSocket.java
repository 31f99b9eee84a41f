package io.jcri.adapters.cri.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection into a pod, opened by a thread that entered the pod's network namespace, run
 * on the client connection's event loop: bytes it reads go to {@code toClient}, its end to {@code
 * onClose}. Reading from the pod pauses while the client connection cannot take more, and the
 * client connection's reading pauses while the pod cannot.
 */
final class PodSocket {
    private static final Logger log = LoggerFactory.getLogger(PodSocket.class);

    private final NioSocketChannel channel;
    private final Channel client;

    private PodSocket(NioSocketChannel channel, Channel client) {
        this.channel = channel;
        this.client = client;
    }

    /** Registers {@code socket} on the client's event loop; call on that event loop. */
    static PodSocket open(SocketChannel socket, Channel client, Consumer<ByteBuf> toClient, Runnable onClose) {
        NioSocketChannel ch = new NioSocketChannel(socket);
        PodSocket pod = new PodSocket(ch, client);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                toClient.accept((ByteBuf) msg);
                if (!client.isWritable()) {
                    ch.config().setAutoRead(false);
                }
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                client.config().setAutoRead(ch.isWritable());
                ctx.fireChannelWritabilityChanged();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                client.config().setAutoRead(true);
                onClose.run();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                log.debug("pod connection {} failed: {}", ch.remoteAddress(), cause.toString());
                ctx.close();
            }
        });
        client.eventLoop().register(ch);
        return pod;
    }

    /** Bytes from the client (the buffer is retained here and released by the write). */
    void write(ByteBuf data) {
        if (channel.isActive() || channel.isOpen()) {
            channel.writeAndFlush(data.retain());
        }
    }

    /** The client will send no more: half-close towards the pod. */
    void shutdownOutput() {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    /** The client's connection can take more again. */
    void resumeReading() {
        channel.config().setAutoRead(true);
    }

    void close() {
        channel.close();
    }
}
