package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.jcri.cri.v1.ImageFilter;
import io.jcri.cri.v1.ImageServiceGrpc;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ListImagesRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.PullImageResponse;
import io.jcri.domain.image.Image;
import io.jcri.ports.fakes.FakeImageManagement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CriCallExecutorsTest {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch pulling = new CountDownLatch(2);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CriCallExecutors executors;
    Server server;
    ManagedChannel channel;

    final List<String> listedOn = new CopyOnWriteArrayList<>();
    volatile boolean indexInStep = true;

    /** Pulls that wait until the test releases them; lists that say on which thread they ran. */
    final class SlowPulls extends FakeImageManagement {
        @Override
        public Optional<List<Image>> listFromMemory(io.jcri.domain.image.ImageFilter filter) {
            listedOn.add("memory " + Thread.currentThread().getName());
            return indexInStep ? Optional.of(List.of()) : Optional.empty();
        }

        @Override
        public List<Image> list(io.jcri.domain.image.ImageFilter filter) {
            listedOn.add("store " + Thread.currentThread().getName());
            return super.list(filter);
        }

        @Override
        public String pull(PullCommand command) {
            pulling.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.pull(command);
        }
    }

    void start(int shortThreads, int longThreads) throws Exception {
        executors = new CriCallExecutors(shortThreads, longThreads, meters);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .executor(CriCallExecutors.TRANSPORT_THREAD)
                .callExecutor(executors)
                .addService(new GrpcImageService(new SlowPulls(), new FromMemory(executors.shortCalls())))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
        if (executors != null) {
            executors.close();
        }
    }

    @Test
    void callsOneAtATimeReuseOneThreadAndConcurrentCallsGrowThePoolUpToItsMaximum() throws Exception {
        executors = new CriCallExecutors(1, 4, meters);
        java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) executors.longCalls();
        for (int i = 0; i < 20; i++) {
            java.util.concurrent.CompletableFuture.runAsync(() -> {}, pool).get(5, TimeUnit.SECONDS);
            // a finished call's thread is idle again once it waits on the queue
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pool.getActiveCount() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        assertThat(pool.getPoolSize()).as("threads after 20 calls in a row").isEqualTo(1);

        CountDownLatch running = new CountDownLatch(4);
        CountDownLatch done = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            pool.execute(() -> {
                running.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
        }
        assertThat(running.await(10, TimeUnit.SECONDS))
                .as("four calls run at once")
                .isTrue();
        assertThat(pool.getPoolSize()).isEqualTo(4);
        assertThat(pool.getQueue()).hasSize(2);
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS))
                .as("the queued calls ran too")
                .isTrue();
    }

    @Test
    void shortCallsAnswerWhileEveryShortThreadsWorthOfPullsWaits() throws Exception {
        start(1, 4);
        ImageServiceGrpc.ImageServiceFutureStub async = ImageServiceGrpc.newFutureStub(channel);
        List<Future<PullImageResponse>> pulls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pulls.add(async.pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("registry.test/app:" + i))
                    .build()));
        }
        assertThat(pulling.await(10, TimeUnit.SECONDS)).as("both pulls running").isTrue();

        ImageServiceGrpc.ImageServiceBlockingStub blocking =
                ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertThat(blocking.listImages(ListImagesRequest.newBuilder()
                                    .setFilter(ImageFilter.getDefaultInstance())
                                    .build())
                            .getImagesList())
                    .isEmpty();
        }
        assertThat(meters.get("executor.active").tag("name", "cri.long").gauge().value())
                .isEqualTo(2.0);

        release.countDown();
        for (Future<PullImageResponse> p : pulls) {
            assertThat(p.get(10, TimeUnit.SECONDS).getImageRef()).isNotEmpty();
        }
    }

    @Test
    void aCallAnsweredFromMemoryStaysOnTheTransportThreadAndOneThatNeedsTheStoreMovesToThePool() throws Exception {
        start(1, 4);
        ImageServiceGrpc.ImageServiceBlockingStub blocking =
                ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        ListImagesRequest all = ListImagesRequest.newBuilder()
                .setFilter(ImageFilter.getDefaultInstance())
                .build();

        assertThat(blocking.listImages(all).getImagesList()).isEmpty();
        assertThat(listedOn).singleElement().asString().startsWith("memory ").doesNotContain("cri-");

        listedOn.clear();
        indexInStep = false;
        assertThat(blocking.listImages(all).getImagesList()).isEmpty();
        assertThat(listedOn).hasSize(2);
        assertThat(listedOn.get(0)).startsWith("memory ").doesNotContain("cri-");
        assertThat(listedOn.get(1)).startsWith("store cri-short-");
    }

    @Test
    void onlyTheSlowMethodsGoToTheLongPool() {
        assertThat(CriCallExecutors.LONG_CALLS)
                .contains(
                        "runtime.v1.ImageService/PullImage",
                        "runtime.v1.RuntimeService/RunPodSandbox",
                        "runtime.v1.RuntimeService/StopContainer",
                        "runtime.v1.RuntimeService/ExecSync")
                .doesNotContain(
                        "runtime.v1.RuntimeService/Status",
                        "runtime.v1.RuntimeService/ListContainers",
                        "runtime.v1.RuntimeService/ContainerStatus",
                        "runtime.v1.RuntimeService/ListPodSandbox",
                        "runtime.v1.ImageService/ListImages");
        assertThat(CriCallExecutors.FROM_MEMORY)
                .contains(
                        "runtime.v1.RuntimeService/ContainerStatus",
                        "runtime.v1.RuntimeService/PodSandboxStatus",
                        "runtime.v1.ImageService/ImageStatus")
                .doesNotContainAnyElementsOf(CriCallExecutors.LONG_CALLS)
                .doesNotContain("runtime.v1.RuntimeService/Status", "runtime.v1.RuntimeService/ListContainerStats");
    }

    @Test
    void poolsNeedAThread() {
        assertThatThrownBy(() -> new CriCallExecutors(0, 4, null)).hasMessageContaining("at least one thread");
    }
}
