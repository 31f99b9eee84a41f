package io.jcri.ports.application.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.runtime.RuntimeCondition;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartupRecoveryTest {
    static final String DOWN = "containerd at /run/containerd/containerd.sock is not answering";
    final RecoveryNode node = new RecoveryNode();

    @AfterEach
    void tearDown() {
        node.close();
    }

    RuntimeCondition runtimeReady() {
        return node.status.status(new RuntimeStatus.StatusQuery(false)).condition(RuntimeCondition.RUNTIME_READY);
    }

    static void assertRecovering(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(JcriException.Unavailable.class)
                .hasMessageContaining("jcri is recovering");
    }

    @Test
    void whileTheEngineIsDownEveryAttemptFailsTheGateRefusesAndStatusSaysRecoveringThenAllComesBack() {
        String pod = node.runPod("web");
        String ctr = node.runContainer(pod, "app");
        node.restart();
        node.runtime.down(DOWN);

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(node.recovery.attempt()).isFalse();
            assertThat(node.state.phase()).isEqualTo(new RecoveryState.Recovering(attempt + 1, "pods: " + DOWN));
        }
        RuntimeCondition recovering = runtimeReady();
        assertThat(recovering.status()).isFalse();
        assertThat(recovering.reason()).isEqualTo(RuntimeCondition.RECOVERING);
        assertThat(recovering.message()).contains("attempt 4").contains(DOWN);
        assertThat(node.status.version(new RuntimeStatus.VersionQuery("v1")).runtimeName())
                .isEqualTo("jcri");
        assertRecovering(() -> node.pods.list(SandboxLifecycle.Filter.ALL));
        assertRecovering(() -> node.pods.status(pod, false));
        assertRecovering(() -> node.pods.stop(pod));
        assertRecovering(() -> node.runPod("other"));
        assertRecovering(() -> node.ctrs.list(ContainerLifecycle.Filter.ALL));
        assertRecovering(() -> node.ctrs.status(ctr, false));
        assertRecovering(() -> node.ctrs.remove(ctr));
        assertThatThrownBy(() -> node.ctrs.list(ContainerLifecycle.Filter.ALL))
                .hasMessageContaining("ContainerLifecycle.list");

        node.runtime.up();
        // the engine answers again, but the gate stays shut until an attempt has succeeded
        assertRecovering(() -> node.ctrs.list(ContainerLifecycle.Filter.ALL));
        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.state.phase())
                .isEqualTo(new RecoveryState.Recovered(
                        java.util.Map.of(StartupRecovery.PODS, 1, StartupRecovery.CONTAINERS, 1), 4));
        assertThat(runtimeReady().status()).isTrue();
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL))
                .singleElement()
                .satisfies(s -> assertThat(s.ready()).isTrue());
        assertThat(node.ctrs.status(ctr, false).container().state()).isInstanceOf(ContainerState.Running.class);
        assertThat(node.recovery.attempt()).isTrue();
    }

    @Test
    void theRecoveryThreadRetriesWithBackoffUntilTheEngineAnswers() {
        String pod = node.runPod("web");
        node.restart();
        node.runtime.down(DOWN);
        node.recovery.start();
        await(() -> node.state.phase() instanceof RecoveryState.Recovering r && r.attempt() >= 4);
        assertThat(node.state.recovered()).isFalse();
        node.runtime.up();
        await(node.state::recovered);
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL))
                .extracting(Sandbox::id)
                .containsExactly(pod);
        assertThat(((RecoveryState.Recovered) node.state.phase()).attempts()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRetryAfterAnAttemptThatFailedLateAddsNothingTwice() {
        String pod = node.runPod("web");
        String ctr = node.runContainer(pod, "app");
        assertThat(node.io.opens(ctr)).isEqualTo(1);
        node.restart();
        AtomicInteger calls = new AtomicInteger();
        List<StartupRecovery.Step> steps =
                new ArrayList<>(node.steps(new ImageVolumes(node.runtime, node.images, node.volumeMounts)));
        steps.add(StartupRecovery.Step.of("flaky", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new JcriException.Unavailable(DOWN);
            }
        }));
        StartupRecovery recovery = new StartupRecovery(node.state, steps, RecoveryNode.FAST);

        assertThat(recovery.attempt()).isFalse();
        assertThat(node.io.opens(ctr)).isEqualTo(2);
        assertThat(recovery.attempt()).isTrue();
        assertThat(node.io.opens(ctr)).isEqualTo(2);
        assertThat(node.sandboxes.list()).hasSize(1);
        assertThat(node.containers.list()).hasSize(1);
        assertThat(node.state.phase())
                .isEqualTo(new RecoveryState.Recovered(
                        java.util.Map.of(StartupRecovery.PODS, 1, StartupRecovery.CONTAINERS, 1), 2));
        assertThat(node.ctrs.status(ctr, false).container().state()).isInstanceOf(ContainerState.Running.class);
        assertThatThrownBy(() -> node.runContainer(pod, "app")).isInstanceOf(JcriException.AlreadyExists.class);
    }

    @Test
    void theBackoffDoublesFromItsFirstDelayUpToItsCap() {
        StartupRecovery.Backoff b = StartupRecovery.Backoff.DEFAULT;
        assertThat(List.of(b.after(1), b.after(2), b.after(3), b.after(5), b.after(6), b.after(100)))
                .containsExactly(
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(3200),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
    }

    @Test
    void onceRecoveredTheGatePassesCallsAndTheirOwnErrorsThrough() {
        assertThat(node.state.recovered()).isTrue();
        assertThatThrownBy(() -> node.ctrs.status("nope", false)).isInstanceOf(JcriException.NotFound.class);
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL)).isEmpty();
        assertThat(node.pods).isEqualTo(node.pods).hasToString("gated SandboxLifecycle of " + node.sandboxService);
        assertThat(runtimeReady().status()).isTrue();
        assertThat(node.status
                        .status(new RuntimeStatus.StatusQuery(true))
                        .info()
                        .get("recovery"))
                .contains("\"state\":\"recovered\"")
                .contains("\"pods\":0");
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
