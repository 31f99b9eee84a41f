package io.jcri.adapters.containerd.client;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A containerd stand-in for unit tests: the given services on a unix socket, recording each call's
 * method, headers and deadline.
 */
public final class FakeContainerd implements AutoCloseable {
    /**
     * One call received: its method (e.g. {@code Snapshots/Prepare}), the lease and namespace it
     * carried ("" for none) and how long it had left when it arrived (null: no deadline).
     */
    public record Call(String method, String lease, String namespace, Long deadlineMillis) {}

    private final Server server;
    private final EpollEventLoopGroup group = new EpollEventLoopGroup(2);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    public final ContainerdClient client;

    public FakeContainerd(Path dir, BindableService... services) throws IOException {
        this(dir, CallDeadlines.defaults(), services);
    }

    public FakeContainerd(Path dir, CallDeadlines deadlines, BindableService... services) throws IOException {
        Path socket = dir.resolve("containerd.sock");
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group);
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String method = call.getMethodDescriptor().getFullMethodName();
                String service = method.substring(method.lastIndexOf('.') + 1);
                String lease = headers.get(Headers.LEASE);
                String namespace = headers.get(Headers.NAMESPACE);
                Deadline deadline = Context.current().getDeadline();
                calls.add(new Call(
                        service,
                        lease == null ? "" : lease,
                        namespace == null ? "" : namespace,
                        deadline == null ? null : deadline.timeRemaining(TimeUnit.MILLISECONDS)));
                return next.startCall(call, headers);
            }
        };
        for (BindableService s : services) {
            b.addService(ServerInterceptors.intercept(s, recorder));
        }
        server = b.build().start();
        client = ContainerdClient.connect(socket, "test", deadlines);
    }

    /** The calls received so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
}
