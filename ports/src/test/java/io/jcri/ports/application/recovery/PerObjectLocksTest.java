package io.jcri.ports.application.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerState;
import io.jcri.ports.in.ContainerLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operations on one object run one after another: none sees the object half-changed by another. */
class PerObjectLocksTest {
    final RecoveryNode node = new RecoveryNode();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        node.close();
    }

    /** The next call of {@code method} on the engine waits until the test releases it. */
    void hold(String method) {
        node.runtime.beforeNext(method, () -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void awaitEntered() throws InterruptedException {
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    }

    String createContainer(String pod, String name) {
        return node.ctrs.create(new ContainerLifecycle.CreateCommand(
                pod,
                ContainerConfig.builder(name, "busybox:latest")
                        .command(List.of("sleep", "100"))
                        .logPath(name + "/0.log")
                        .build(),
                ""));
    }

    @Test
    void removingAPodWaitsForAContainerBeingCreatedInItAndRemovesItToo() throws Exception {
        String pod = node.runPod("web");
        hold("createContainer");
        CompletableFuture<String> created = CompletableFuture.supplyAsync(() -> createContainer(pod, "app"));
        awaitEntered();
        CompletableFuture<Void> removed = CompletableFuture.runAsync(() -> node.pods.remove(pod));
        Thread.sleep(200);
        assertThat(removed)
                .as("RemovePodSandbox waits for the CreateContainer in it")
                .isNotDone();
        release.countDown();
        String id = created.get(10, TimeUnit.SECONDS);
        removed.get(10, TimeUnit.SECONDS);

        assertThat(node.containers.get(id))
                .as("the container went with its pod")
                .isEmpty();
        assertThat(node.runtime.listContainers(Map.of()))
                .as("no engine record is left")
                .isEmpty();
        assertThat(node.sandboxes.list()).isEmpty();
    }

    @Test
    void aStopDuringAStartWaitsForItAndLeavesTheContainerStopped() throws Exception {
        String pod = node.runPod("web");
        String id = createContainer(pod, "app");
        hold("startTask");
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> node.ctrs.start(id));
        awaitEntered();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> node.ctrs.stop(id, Duration.ZERO));
        Thread.sleep(200);
        assertThat(stopped)
                .as("StopContainer waits for the StartContainer in progress")
                .isNotDone();
        release.countDown();
        started.get(10, TimeUnit.SECONDS);
        stopped.get(10, TimeUnit.SECONDS);

        assertThat(node.ctrs.status(id, false).container().state()).isInstanceOf(ContainerState.Exited.class);
        // stopped, and its task deleted at the exit
        assertThat(node.runtime.task(id)).isEmpty();
    }
}
