package io.jcri.ports.application.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.in.CallerCancellation;
import io.jcri.ports.in.ContainerLifecycle;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A creation whose caller goes away mid-way stops at its next step and undoes what it did. */
class CancelledCallTest {
    final RecoveryNode node = new RecoveryNode();
    final AtomicBoolean gone = new AtomicBoolean();

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void aRunPodSandboxWhoseCallerGoesAwayDuringTheTaskCreateIsUndoneAndItsNameFreed() {
        // the client goes while containerd creates the pause task (the create itself completes)
        node.runtime.beforeNext("createTask", () -> gone.set(true));

        assertThatThrownBy(() -> CallerCancellation.during(gone::get, () -> node.runPod("web")))
                .isInstanceOf(JcriException.DeadlineExceeded.class)
                .hasMessageContaining("RunPodSandbox default/web")
                .hasMessageContaining("the caller went away");

        assertThat(node.runtime.leftovers())
                .as("no record, task, snapshot or lease is left")
                .isEmpty();
        assertThat(node.network.listNetns()).isEmpty();
        assertThat(node.network.attachedSandboxIds()).isEmpty();
        assertThat(node.sandboxFiles.sandboxIds()).isEmpty();
        assertThat(node.sandboxes.list()).isEmpty();
        // the kubelet's retry with the same metadata gets the pod
        String pod = node.runPod("web");
        assertThat(node.pods.status(pod, false).sandbox().ready()).isTrue();
    }

    @Test
    void aCreateContainerWhoseCallerGoesAwayIsUndoneAndItsNameFreed() {
        String pod = node.runPod("web");
        var before = node.runtime.leftovers();
        node.runtime.beforeNext("createContainer", () -> gone.set(true));
        ContainerLifecycle.CreateCommand create = new ContainerLifecycle.CreateCommand(
                pod,
                ContainerConfig.builder("app", "busybox:latest")
                        .command(List.of("sleep", "100"))
                        .logPath("app/0.log")
                        .build(),
                "");

        assertThatThrownBy(() -> CallerCancellation.during(gone::get, () -> node.ctrs.create(create)))
                .isInstanceOf(JcriException.DeadlineExceeded.class)
                .hasMessageContaining("CreateContainer \"app\"");

        assertThat(node.runtime.leftovers()).isEqualTo(before);
        assertThat(node.containers.list()).isEmpty();
        assertThat(node.ctrs.create(create)).isNotEmpty();
    }

    @Test
    void outsideABoundCallTheCallerIsNeverGone() {
        assertThat(CallerCancellation.callerGone()).isFalse();
        CallerCancellation.during(
                () -> true, () -> assertThat(CallerCancellation.callerGone()).isTrue());
        assertThat(CallerCancellation.callerGone()).isFalse();
    }
}
