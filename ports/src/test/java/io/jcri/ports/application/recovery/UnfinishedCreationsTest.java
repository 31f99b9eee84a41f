package io.jcri.ports.application.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * jcri killed in the middle of a Containers.Create or Tasks.Create (simulated by an error no
 * service catches, thrown from inside the engine call): the next start ends the shim the engine
 * left with no task and removes what no record owns, through the journal's notes.
 */
class UnfinishedCreationsTest {
    final RecoveryNode node = new RecoveryNode();

    @AfterEach
    void tearDown() {
        node.close();
    }

    /** What SIGKILL does to jcri's thread: nothing after it runs, no undo. */
    static final class Killed extends Error {
        Killed() {
            super("jcri killed", null, false, false);
        }
    }

    /** RunPodSandbox killed inside Tasks.Create, after the engine started the task's shim. */
    private String killedDuringTaskCreate(String name) {
        String[] id = new String[1];
        node.runtime.beforeNext("createTask", () -> {
            var open = node.journal.open();
            id[0] = open.get(open.size() - 1).id();
            node.shims.started(id[0]);
            throw new Killed();
        });
        assertThatThrownBy(() -> node.runPod(name)).isInstanceOf(Killed.class);
        return id[0];
    }

    @Test
    void theShimOfATaskCreateCutShortIsEndedAtTheNextStartAndThePodIsRemovedForTheRetry() {
        String fine = node.runPod("fine");
        String pod = killedDuringTaskCreate("web");
        assertThat(node.journal.open()).extracting(CreationJournal.Entry::id).containsOnly(pod);
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.shims.ended()).containsExactly(pod);
        assertThat(node.shims.running()).isEmpty();
        assertThat(node.journal.open()).isEmpty();
        // never answered, so nobody knows its id: it is gone, and its name free for the kubelet's retry
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL))
                .extracting(Sandbox::id)
                .containsExactly(fine);
        assertThat(node.runtime.container(pod)).isEmpty();
        assertThat(node.pods.status(fine, false).sandbox().ready()).isTrue();
        String retried = node.runPod("web");
        assertThat(node.pods.status(retried, false).sandbox().ready()).isTrue();
    }

    @Test
    void aPodStartKilledAfterItsTaskStartedIsTornDownAndItsRetrySucceeds() {
        // killed while recording the pod's addresses: record, task, snapshot, netns, CNI and files exist
        node.runtime.beforeNext("updateContainerExtension", () -> {
            throw new Killed();
        });
        assertThatThrownBy(() -> node.runPod("web")).isInstanceOf(Killed.class);
        CreationJournal.Entry note = node.journal.open().get(0);
        String pod = note.id();
        assertThat(note.call()).isEqualTo(CreationJournal.Call.SANDBOX);
        assertThat(node.runtime.container(pod)).isPresent();
        assertThat(node.runtime.task(pod)).isPresent();
        assertThat(node.network.attachedSandboxIds()).containsExactly(pod);
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.runtime.container(pod)).isEmpty();
        assertThat(node.runtime.task(pod)).isEmpty();
        assertThat(node.runtime.snapshot(RecoveryNode.SNAPSHOTTER, pod)).isEmpty();
        assertThat(node.network.listNetns()).isEmpty();
        assertThat(node.network.attachedSandboxIds()).isEmpty();
        assertThat(node.sandboxFiles.sandboxIds()).isEmpty();
        assertThat(node.journal.open()).isEmpty();
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL)).isEmpty();
        // the kubelet's retry: same metadata, same attempt
        String retried = node.runPod("web");
        assertThat(node.pods.status(retried, false).sandbox().ready()).isTrue();
        assertThat(node.journal.open()).isEmpty();
    }

    @Test
    void aReadyPodWhosePauseDiedIsKeptNotReadyNotRemoved() {
        String pod = node.runPod("web");
        assertThat(node.journal.open()).isEmpty();
        node.runtime.exit(pod, 137);
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.runtime.container(pod)).isPresent();
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL))
                .extracting(Sandbox::id)
                .containsExactly(pod);
        assertThat(node.pods.status(pod, false).sandbox().ready()).isFalse();
    }

    @Test
    void aSnapshotPreparedUnderTheLeaseOfAPodStartCutShortIsCollectableOnceRecovered() {
        // the kill came while the engine prepared the snapshot: no journal note names it
        node.runtime.createLease(
                "jcri-sandbox-cut",
                java.time.Duration.ofMinutes(10),
                Map.of(SandboxRecord.KIND_LABEL, SandboxRecord.SANDBOX));
        node.runtime.withLease("jcri-sandbox-cut").prepareSnapshot(RecoveryNode.SNAPSHOTTER, "cut", "", Map.of());
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        node.runtime.collectGarbage();
        assertThat(node.runtime.leftovers()).isEmpty();
    }

    @Test
    void aContainersCreateCutShortLeavesNothingOnceRecovered() {
        node.runtime.beforeNext("createContainer", () -> {
            throw new Killed();
        });
        assertThatThrownBy(() -> node.runPod("web")).isInstanceOf(Killed.class);
        CreationJournal.Entry note = node.journal.open().stream()
                .filter(n -> n.call() == CreationJournal.Call.CONTAINER)
                .findFirst()
                .orElseThrow();
        String pod = note.id();
        assertThat(note.snapshotKey()).isEqualTo(pod);
        assertThat(node.runtime.snapshot(RecoveryNode.SNAPSHOTTER, pod)).isPresent();
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.runtime.snapshot(RecoveryNode.SNAPSHOTTER, pod)).isEmpty();
        assertThat(node.network.listNetns()).isEmpty();
        assertThat(node.network.attachedSandboxIds()).isEmpty();
        assertThat(node.sandboxFiles.sandboxIds()).isEmpty();
        assertThat(node.journal.open()).isEmpty();
        assertThat(node.pods.list(SandboxLifecycle.Filter.ALL)).isEmpty();
    }

    @Test
    void aNoteWhoseRecordAndTaskExistEndsWithNothingTouched() {
        String pod = node.runPod("web");
        node.journal.begin(CreationJournal.Entry.task(pod, ""));
        node.shims.started(pod);
        node.restart();

        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.shims.ended()).isEmpty();
        assertThat(node.journal.open()).isEmpty();
        assertThat(node.pods.status(pod, false).sandbox().ready()).isTrue();
    }

    @Test
    void aShimThatCannotBeEndedKeepsItsNoteForTheNextAttemptWhileTheOthersAreSettled() {
        String stuck = killedDuringTaskCreate("stuck");
        String other = killedDuringTaskCreate("other");
        node.shims.failEnd(stuck);
        node.restart();
        UnfinishedCreations step =
                new UnfinishedCreations(node.journal, node.runtime, node.shims, node.network, node.sandboxFiles);

        assertThat(step.recover()).isEqualTo(2); // its start's note and its task's
        assertThat(node.shims.ended()).containsExactly(other);
        assertThat(step.failures())
                .containsOnlyKeys("creation of " + stuck)
                .hasValueSatisfying(
                        new org.assertj.core.api.Condition<>(v -> v.contains("still runs"), "the shim's error"));
        assertThat(node.journal.leftovers())
                .extracting(CreationJournal.Entry::id)
                .containsOnly(stuck);

        node.shims.heal(stuck);
        assertThat(step.recover()).isEqualTo(2); // its start's note and its task's
        assertThat(step.failures()).isEmpty();
        assertThat(node.shims.running()).isEmpty();
        assertThat(node.journal.open()).isEmpty();
    }

    @Test
    void theEngineDownFailsTheAttemptAndKeepsEveryNote() {
        String pod = killedDuringTaskCreate("web");
        node.restart();
        node.runtime.down("containerd is not answering");

        assertThat(node.recovery.attempt()).isFalse();
        assertThat(node.journal.leftovers())
                .extracting(CreationJournal.Entry::id)
                .containsOnly(pod);
        node.runtime.up();
        assertThat(node.recovery.attempt()).isTrue();
        assertThat(node.shims.ended()).containsExactly(pod);
    }

    @Test
    void aTaskCreateThatFailsAndLeavesAShimEndsItAtOnceAndTheRunIsUndone() {
        node.runtime.beforeNext(
                "createTask",
                () -> node.shims.started(node.journal.open().get(0).id()));
        node.runtime.failNext("createTask", new JcriException.DeadlineExceeded("containerd Tasks.Create: deadline"));

        assertThatThrownBy(() -> node.runPod("web")).isInstanceOf(JcriException.DeadlineExceeded.class);
        assertThat(node.shims.ended()).hasSize(1);
        assertThat(node.shims.running()).isEmpty();
        assertThat(node.journal.open()).isEmpty();
        assertThat(node.runtime.listContainers(Map.of())).isEmpty();
    }

    @Test
    void aNoteThatCannotBeWrittenStopsTheCreationBeforeTheEngineIsAsked() {
        node.journal.failNextBegin("disk full");

        assertThatThrownBy(() -> node.runPod("web")).hasMessageContaining("disk full");
        assertThat(node.runtime.listContainers(Map.of())).isEmpty();
        assertThat(node.network.listNetns()).isEmpty();
    }

    @Test
    void notesOfThisRunAreNoLeftovers() {
        node.journal.begin(CreationJournal.Entry.task("in-flight", ""));
        assertThat(node.journal.leftovers()).isEmpty();
    }

    @Test
    void aCloseableEngineStaysCloseableThroughTheJournal() throws Exception {
        boolean[] closed = {false};
        class Closeable extends io.jcri.ports.fakes.FakeContainerRuntime implements AutoCloseable {
            @Override
            public void close() {
                closed[0] = true;
            }
        }
        var journaled = CreationJournaling.journaled(new Closeable(), node.journal, node.shims);
        assertThat(journaled).isInstanceOf(AutoCloseable.class);
        ((AutoCloseable) journaled).close();
        assertThat(closed[0]).isTrue();
        assertThat(CreationJournaling.journaled(node.runtime, node.journal, node.shims))
                .isNotInstanceOf(AutoCloseable.class);
    }

    @Test
    void theEngineUnderTheJournalCanBeHadForWhatNeedsItsOwnType() {
        ContainerRuntime journaled = CreationJournaling.journaled(node.runtime, node.journal, node.shims);
        assertThat(journaled).isNotSameAs(node.runtime);
        assertThat(CreationJournaling.unjournaled(journaled)).isSameAs(node.runtime);
        assertThat(CreationJournaling.unjournaled(node.runtime)).isSameAs(node.runtime);
    }
}
