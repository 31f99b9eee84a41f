package io.jcri.ports.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskEvent;
import io.jcri.domain.task.TaskIo;
import io.jcri.ports.contract.ContainerRuntimeContract;
import io.jcri.ports.contract.RecordingListener;
import io.jcri.ports.out.ContainerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeContainerRuntimeTest extends ContainerRuntimeContract {
    private final FakeContainerRuntime fake = new FakeContainerRuntime();

    @Override
    protected ContainerRuntime runtime() {
        return fake;
    }

    @Override
    protected String longRunningSpec(String containerId) {
        return "{\"process\":{\"args\":[\"sleep\",\"1000\"]}}";
    }

    @Override
    protected ExecProcess longRunningProcess() {
        return ExecProcess.parse("{\"args\":[\"sleep\",\"1000\"]}");
    }

    @Override
    protected String snapshotter() {
        return "overlayfs";
    }

    @Override
    protected void commitParentSnapshot(String name) {
        fake.prepareSnapshot(snapshotter(), name + "-tmp", "", Map.of());
        fake.commitSnapshot(snapshotter(), name, name + "-tmp", Map.of());
    }

    private void runningTask(String id) {
        fake.createContainer(new NewContainerRecord(id, "", OciRuntime.runcV2(), "{}", "", "", Map.of(), Map.of()));
        fake.createTask(id, List.of(), TaskIo.none());
        fake.startTask(id);
    }

    @Test
    void exitsTrapsAndOomAreScriptedByTheTest() {
        RecordingListener events = new RecordingListener();
        fake.subscribe(events);
        runningTask("t1");
        fake.trap("t1", 15);
        assertThat(fake.killTask("t1", 15, false)).isTrue();
        fake.oom("t1");
        events.await(TaskEvent.OutOfMemory.class, e -> e.containerId().equals("t1"), Duration.ofSeconds(5));
        assertThat(events.events()).noneMatch(e -> e instanceof TaskEvent.Exited);
        fake.exit("t1", 3);
        assertThat(events.await(TaskEvent.Exited.class, e -> true, Duration.ofSeconds(5))
                        .exitCode())
                .isEqualTo(3);
    }

    @Test
    void injectedFailuresHitOnceAndDownHitsEverything() {
        fake.failNext("createTask", new JcriException.Internal("boom"));
        runningTaskFailsOnce();
        fake.down("containerd is down");
        assertThatThrownBy(() -> fake.listTasks()).isInstanceOf(JcriException.Unavailable.class);
        assertThatThrownBy(() -> fake.withLease("l").listTasks()).isInstanceOf(JcriException.Unavailable.class);
        fake.up();
        assertThat(fake.listTasks()).isEmpty();
    }

    private void runningTaskFailsOnce() {
        fake.createContainer(new NewContainerRecord("t2", "", OciRuntime.runcV2(), "{}", "", "", Map.of(), Map.of()));
        assertThatThrownBy(() -> fake.createTask("t2", List.of(), TaskIo.none()))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessage("boom");
        assertThat(fake.createTask("t2", List.of(), TaskIo.none())).isPositive();
        fake.deleteTask("t2");
        fake.deleteContainer("t2");
    }

    @Test
    void restartDropsEventsAndAsksForResync() {
        RecordingListener events = new RecordingListener();
        fake.subscribe(events);
        fake.restart();
        events.awaitResyncs(1, Duration.ofSeconds(5));
        runningTask("t3");
        fake.killTask("t3", 9, false);
        assertThat(events.await(TaskEvent.Exited.class, e -> true, Duration.ofSeconds(5))
                        .exitCode())
                .isEqualTo(137);
    }

    @Test
    void garbageCollectionKeepsOnlyLeasedOrUsedSnapshots() {
        fake.createLease("l1", null, Map.of());
        fake.withLease("l1").prepareSnapshot("overlayfs", "held", "", Map.of());
        fake.prepareSnapshot("overlayfs", "loose", "", Map.of());
        fake.collectGarbage();
        assertThat(fake.leftovers())
                .contains("snapshot:overlayfs/held", "lease:l1")
                .doesNotContain("snapshot:overlayfs/loose");
        fake.deleteLease("l1");
        fake.collectGarbage();
        assertThat(fake.leftovers()).isEmpty();
        assertThatThrownBy(() -> fake.withLease("gone").prepareSnapshot("overlayfs", "k", "", Map.of()))
                .isInstanceOf(JcriException.NotFound.class);
    }

    @Test
    void garbageCollectionKeepsViewsARecordHoldsUntilTheRecordIsDeleted() {
        fake.prepareSnapshot("overlayfs", "tmp", "", Map.of());
        fake.commitSnapshot("overlayfs", "layer", "tmp", Map.of());
        fake.viewSnapshot("overlayfs", "held-view", "layer", Map.of());
        fake.viewSnapshot("overlayfs", "loose-view", "layer", Map.of());
        fake.createContainer(new NewContainerRecord(
                "c1", "", OciRuntime.runcV2(), "{}", "overlayfs", "", Map.of(), Map.of(), List.of("held-view")));
        fake.collectGarbage();
        assertThat(fake.leftovers())
                .contains("snapshot:overlayfs/held-view")
                .doesNotContain("snapshot:overlayfs/loose-view");
        fake.deleteContainer("c1");
        fake.collectGarbage();
        assertThat(fake.leftovers()).isEmpty();
    }
}
