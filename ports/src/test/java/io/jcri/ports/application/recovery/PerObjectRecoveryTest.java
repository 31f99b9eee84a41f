package io.jcri.ports.application.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.ports.application.container.ContainerLabels;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.SandboxLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Recovery goes on past one object it cannot read, and keeps what that object owns. */
class PerObjectRecoveryTest {
    final RecoveryNode node = new RecoveryNode();

    @AfterEach
    void tearDown() {
        node.close();
    }

    Container get(String id) {
        return node.ctrs.status(id, false).container();
    }

    RecoveryState.Recovered recovered() {
        return (RecoveryState.Recovered) node.state.phase();
    }

    @Test
    void aContainerWhoseTaskCannotBeReadIsKeptUnknownWithItsStatusFileWhileTheOthersRecover() {
        String pod = node.runPod("web");
        String hung = node.runContainer(pod, "hung");
        String fine = node.runContainer(pod, "fine");
        ContainerState lastKnown = node.statusFiles.read(hung).orElseThrow();
        node.restart();
        node.runtime.failFor("task", hung, new JcriException.Internal("containerd Tasks.Get: ttrpc: closed"));

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(recovered().count(StartupRecovery.CONTAINERS)).isEqualTo(2);
        assertThat(get(hung).state())
                .isInstanceOfSatisfying(
                        ContainerState.Unknown.class,
                        u -> assertThat(u.message()).contains("ttrpc: closed"));
        assertThat(get(hung).state().phase()).isEqualTo(ContainerState.Phase.UNKNOWN);
        assertThat(node.statusFiles.read(hung)).contains(lastKnown);
        assertThat(get(fine).state()).isInstanceOf(ContainerState.Running.class);
        assertThat(node.containers.stdio(fine)).isPresent();
        assertThatThrownBy(() -> node.runContainer(pod, "hung")).isInstanceOf(JcriException.AlreadyExists.class);

        // the shim answers again: the next start finds it running, as its status file said
        node.runtime.heal(hung);
        node.restart();
        assertThat(node.recovery.attempt()).isTrue();
        assertThat(get(hung).state()).isEqualTo(lastKnown);
    }

    @Test
    void oneContainerUnavailableWhileTheEngineAnswersIsKeptUnknownInsteadOfRetryingForever() {
        String pod = node.runPod("web");
        String hung = node.runContainer(pod, "hung");
        node.restart();
        node.runtime.failFor("task", hung, new JcriException.Unavailable("shim of " + hung + " is not answering"));

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(get(hung).state()).isInstanceOf(ContainerState.Unknown.class);
        assertThat(node.statusFiles.read(hung)).isPresent();
    }

    @Test
    void aContainerRecordThatCannotBeReadIsSkippedAndItsStatusFileKept() {
        String pod = node.runPod("web");
        String broken = node.runContainer(pod, "broken");
        String fine = node.runContainer(pod, "fine");
        node.runtime.updateContainerExtension(broken, ContainerLabels.METADATA_EXTENSION, "{not json");
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.ctrs.list(ContainerLifecycle.Filter.ALL))
                .extracting(Container::id)
                .containsExactly(fine);
        assertThat(node.statusFiles.read(broken)).isPresent();
        assertThat(node.statusFiles.containerIds()).containsExactlyInAnyOrder(broken, fine);
    }

    @Test
    void aSandboxRecordThatCannotBeReadIsSkippedAndKeepsItsLeftoversWhileTheOthersRecover() {
        String broken = node.runPod("broken");
        String fine = node.runPod("fine");
        node.runtime.updateContainerExtension(broken, SandboxRecord.EXTENSION, "{not json");
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(recovered().count(StartupRecovery.PODS)).isEqualTo(1);
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL))
                .extracting(Sandbox::id)
                .containsExactly(fine);
        assertThat(node.pods.status(fine, false).sandbox().ready()).isTrue();
        // what belongs to a record that exists is no leftover, readable or not
        assertThat(node.network.listNetns())
                .containsExactlyInAnyOrder(
                        FakePodNetwork.NETNS_DIR.resolve(broken), FakePodNetwork.NETNS_DIR.resolve(fine));
        assertThat(node.sandboxFiles.sandboxIds()).containsExactlyInAnyOrder(broken, fine);
    }

    @Test
    void whatFailedIsListedWithItsReasonAndRetriedAloneUntilItIsRecovered() {
        String pod = node.runPod("web");
        String broken = node.runPod("broken");
        String hung = node.runContainer(pod, "hung");
        String fine = node.runContainer(pod, "fine");
        String brokenDoc =
                node.runtime.container(broken).orElseThrow().extensions().get(SandboxRecord.EXTENSION);
        node.runtime.updateContainerExtension(broken, SandboxRecord.EXTENSION, "{not json");
        node.restart();
        node.runtime.failFor("task", hung, new JcriException.Internal("containerd Tasks.Get: ttrpc: closed"));

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(recovered().failed())
                .containsOnlyKeys("sandbox " + broken, "container " + hung)
                .hasEntrySatisfying("container " + hung, why -> assertThat(why).contains("ttrpc: closed"))
                .hasEntrySatisfying(
                        "sandbox " + broken, why -> assertThat(why).contains("its record is kept", "not readable"));
        assertThat(RecoveryState.describe(recovered())).contains("not recovered", hung, broken);

        // still failing: retried, still listed, nothing else touched
        assertThat(node.recovery.retryFailed()).isFalse();
        assertThat(recovered().failed()).containsOnlyKeys("sandbox " + broken, "container " + hung);
        assertThat(get(fine).state()).isInstanceOf(ContainerState.Running.class);

        node.runtime.heal(hung);
        node.runtime.updateContainerExtension(broken, SandboxRecord.EXTENSION, brokenDoc);
        assertThat(node.recovery.retryFailed()).isTrue();
        assertThat(recovered().failed()).isEmpty();
        assertThat(get(hung).state()).isInstanceOf(ContainerState.Running.class);
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL))
                .extracting(Sandbox::id)
                .containsExactlyInAnyOrder(pod, broken);
    }

    @Test
    void aFailedContainerRemovedMeanwhileIsDroppedFromTheList() {
        String pod = node.runPod("web");
        String hung = node.runContainer(pod, "hung");
        node.restart();
        node.runtime.failFor("task", hung, new JcriException.Internal("ttrpc: closed"));
        assertThat(node.recovery.attempt()).isTrue();
        assertThat(recovered().failed()).containsOnlyKeys("container " + hung);

        node.runtime.heal(hung);
        node.ctrs.remove(hung);
        assertThat(node.recovery.retryFailed()).isTrue();
        assertThat(recovered().failed()).isEmpty();
        assertThat(node.ctrs.list(ContainerLifecycle.Filter.ALL)).isEmpty();
    }
}
