package io.jcri.adapters.containerd.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jcri.containerd.api.services.containers.v1.ContainersGrpc;
import io.jcri.containerd.api.services.containers.v1.DeleteContainerRequest;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls that create and remove containerd objects reach containerd under their own deadline,
 * whatever the CRI caller's context: an undo after the kubelet's deadline passed, or after its
 * client went away, still removes what it must.
 */
class DetachedCallsTest {
    @TempDir
    Path dir;

    final List<String> deleted = new CopyOnWriteArrayList<>();
    final EpollEventLoopGroup group = new EpollEventLoopGroup(1);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    Server server;
    ContainerdClient client;
    Containers records;

    @BeforeEach
    void setUp() throws Exception {
        Path socket = dir.resolve("containerd.sock");
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .addService(new ContainersGrpc.ContainersImplBase() {
                    @Override
                    public void delete(DeleteContainerRequest request, StreamObserver<Empty> response) {
                        deleted.add(request.getId());
                        response.onNext(Empty.getDefaultInstance());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
        client = ContainerdClient.connect(socket, "test");
        records = new Containers(client);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        timer.shutdownNow();
    }

    @Test
    void aDeleteUnderTheCallersPassedDeadlineStillReachesContainerd() throws Exception {
        Context.CancellableContext expired =
                Context.current().withDeadline(Deadline.after(1, TimeUnit.MILLISECONDS), timer);
        Thread.sleep(20);
        assertThat(expired.isCancelled()).isTrue();

        boolean removed = expired.call(() -> records.delete("pause-1"));

        assertThat(removed).isTrue();
        assertThat(deleted).containsExactly("pause-1");
    }

    @Test
    void aDeleteForACallerThatWentAwayStillReachesContainerd() throws Exception {
        Context.CancellableContext cancelled = Context.current().withCancellation();
        cancelled.cancel(null);

        boolean removed = cancelled.call(() -> records.delete("pause-2"));

        assertThat(removed).isTrue();
        assertThat(deleted).containsExactly("pause-2");
    }
}
