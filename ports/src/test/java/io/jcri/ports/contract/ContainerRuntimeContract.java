package io.jcri.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.Lease;
import io.jcri.domain.task.LeaseResource;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.SnapshotInfo;
import io.jcri.domain.task.TaskEvent;
import io.jcri.domain.task.TaskIo;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.EventSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRuntime} does, whether it is containerd or the fake. Subclasses
 * give the runtime, a spec for a long-running process, and a committed parent snapshot.
 */
public abstract class ContainerRuntimeContract {
    protected static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    protected abstract ContainerRuntime runtime();

    /** An OCI spec (JSON) whose process runs until killed, for a container with that id. */
    protected abstract String longRunningSpec(String containerId);

    /** An OCI Process that runs until killed, for exec. */
    protected abstract ExecProcess longRunningProcess();

    /** The snapshotter the tests use. */
    protected abstract String snapshotter();

    /** Makes a committed snapshot named {@code name} with a file in it (removed by the test). */
    protected abstract void commitParentSnapshot(String name);

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected NewContainerRecord record(String id, Map<String, String> labels) {
        return new NewContainerRecord(
                id,
                "example.com/busybox:1",
                new OciRuntime(OciRuntime.RUNC_V2, "runc", "", false),
                longRunningSpec(id),
                "",
                "",
                labels,
                Map.of("io.jcri.config", "{\"name\":\"" + id + "\"}"));
    }

    @Test
    void containerRecordsCanBeCreatedReadListedRelabelledAndDeleted() {
        ContainerRuntime rt = runtime();
        String a = uniqueId("rec");
        String b = uniqueId("rec");
        try {
            ContainerRecord created = rt.createContainer(record(a, Map.of("io.jcri.kind", "sandbox", "pod", "p1")));
            rt.createContainer(record(b, Map.of("io.jcri.kind", "container")));
            assertThat(created.id()).isEqualTo(a);
            assertThat(created.runtime()).isEqualTo(new OciRuntime(OciRuntime.RUNC_V2, "runc", "", false));
            assertThat(created.extensions()).containsEntry("io.jcri.config", "{\"name\":\"" + a + "\"}");

            ContainerRecord got = rt.container(a).orElseThrow();
            assertThat(got.labels()).containsEntry("pod", "p1");
            assertThat(got.ociSpecJson()).isEqualTo(longRunningSpec(a));
            assertThat(got.image()).isEqualTo("example.com/busybox:1");
            assertThat(got.extensions()).containsEntry("io.jcri.config", "{\"name\":\"" + a + "\"}");

            assertThat(rt.listContainers(Map.of("io.jcri.kind", "sandbox")))
                    .extracting(ContainerRecord::id)
                    .contains(a)
                    .doesNotContain(b);
            assertThat(rt.listContainers(Map.of()))
                    .extracting(ContainerRecord::id)
                    .contains(a, b);

            ContainerRecord relabelled = rt.updateContainerLabels(a, Map.of("pod", "", "state", "x"));
            assertThat(relabelled.labels())
                    .containsEntry("state", "x")
                    .containsEntry("io.jcri.kind", "sandbox")
                    .doesNotContainKey("pod");
            assertThat(rt.container(a).orElseThrow().labels()).doesNotContainKey("pod");

            ContainerRecord extended = rt.updateContainerExtension(a, "io.jcri.test", "{\"v\":2}");
            assertThat(extended.extensions())
                    .containsEntry("io.jcri.test", "{\"v\":2}")
                    .containsEntry("io.jcri.config", "{\"name\":\"" + a + "\"}");
            assertThat(rt.container(a).orElseThrow().extensions()).containsEntry("io.jcri.test", "{\"v\":2}");
            assertThat(rt.container(a).orElseThrow().labels()).containsEntry("state", "x");
            assertThatThrownBy(() -> rt.updateContainerExtension(uniqueId("none"), "io.jcri.test", "{}"))
                    .isInstanceOf(JcriException.NotFound.class);

            assertThatThrownBy(() -> rt.createContainer(record(a, Map.of())))
                    .isInstanceOf(JcriException.AlreadyExists.class);
            assertThatThrownBy(() -> rt.updateContainerLabels(uniqueId("none"), Map.of("a", "b")))
                    .isInstanceOf(JcriException.NotFound.class);
        } finally {
            assertThat(rt.deleteContainer(a)).isTrue();
            rt.deleteContainer(b);
        }
        assertThat(rt.deleteContainer(a)).isFalse();
        assertThat(rt.container(a)).isEmpty();
    }

    @Test
    void snapshotsStandOnCommittedParentsUnderALease() {
        ContainerRuntime rt = runtime();
        String parent = uniqueId("parent");
        String key = uniqueId("active");
        String leaseId = uniqueId("lease");
        commitParentSnapshot(parent);
        try {
            Lease lease = rt.createLease(leaseId, Duration.ofMinutes(10), Map.of("io.jcri.purpose", "test"));
            assertThat(lease.labels()).containsKey("containerd.io/gc.expire");
            assertThat(rt.listLeases(Map.of("io.jcri.purpose", "test")))
                    .extracting(Lease::id)
                    .contains(leaseId);
            ContainerRuntime leased = rt.withLease(leaseId);
            List<Mount> mounts = leased.prepareSnapshot(snapshotter(), key, parent, Map.of("io.jcri.owner", "c1"));
            assertThat(mounts).isNotEmpty();
            rt.addLeaseResource(leaseId, LeaseResource.snapshot(snapshotter(), key));
            assertThat(rt.snapshotMounts(snapshotter(), key)).isEqualTo(mounts);
            SnapshotInfo info = rt.snapshot(snapshotter(), key).orElseThrow();
            assertThat(info.kind()).isEqualTo(SnapshotInfo.Kind.ACTIVE);
            assertThat(info.parent()).isEqualTo(parent);
            assertThat(info.labels()).containsEntry("io.jcri.owner", "c1");

            assertThatThrownBy(() -> leased.prepareSnapshot(snapshotter(), key, parent, Map.of()))
                    .isInstanceOf(JcriException.AlreadyExists.class);
            assertThatThrownBy(() -> rt.prepareSnapshot(snapshotter(), uniqueId("x"), uniqueId("missing"), Map.of()))
                    .isInstanceOf(JcriException.NotFound.class);
            assertThatThrownBy(() -> rt.removeSnapshot(snapshotter(), parent))
                    .isInstanceOf(JcriException.FailedPrecondition.class);

            assertThat(rt.removeSnapshot(snapshotter(), key)).isTrue();
            assertThat(rt.removeSnapshot(snapshotter(), key)).isFalse();
            assertThat(rt.snapshot(snapshotter(), key)).isEmpty();
            assertThat(rt.deleteLease(leaseId)).isTrue();
            assertThat(rt.deleteLease(leaseId)).isFalse();
        } finally {
            rt.removeSnapshot(snapshotter(), key);
            rt.deleteLease(leaseId);
            rt.removeSnapshot(snapshotter(), parent);
        }
        assertThat(rt.snapshot(snapshotter(), parent)).isEmpty();
    }

    @Test
    void aViewIsAReadOnlySnapshotOfACommittedParentThatARecordCanHold() {
        ContainerRuntime rt = runtime();
        String parent = uniqueId("parent");
        String key = uniqueId("view");
        String leaseId = uniqueId("lease");
        String id = uniqueId("holder");
        commitParentSnapshot(parent);
        try {
            rt.createLease(leaseId, Duration.ofMinutes(10), Map.of());
            ContainerRuntime leased = rt.withLease(leaseId);
            List<Mount> mounts = leased.viewSnapshot(snapshotter(), key, parent, Map.of("io.jcri.owner", id));
            assertThat(mounts).isNotEmpty();
            assertThat(mounts).allSatisfy(m -> assertThat(m.options()).contains("ro"));
            assertThat(rt.snapshotMounts(snapshotter(), key)).isEqualTo(mounts);
            SnapshotInfo info = rt.snapshot(snapshotter(), key).orElseThrow();
            assertThat(info.kind()).isEqualTo(SnapshotInfo.Kind.VIEW);
            assertThat(info.parent()).isEqualTo(parent);
            assertThat(info.labels()).containsEntry("io.jcri.owner", id);
            assertThatThrownBy(() -> leased.viewSnapshot(snapshotter(), key, parent, Map.of()))
                    .isInstanceOf(JcriException.AlreadyExists.class);
            assertThatThrownBy(() -> leased.viewSnapshot(snapshotter(), uniqueId("x"), uniqueId("missing"), Map.of()))
                    .isInstanceOf(JcriException.NotFound.class);

            NewContainerRecord r = record(id, Map.of());
            leased.createContainer(new NewContainerRecord(
                    r.id(),
                    r.image(),
                    r.runtime(),
                    r.ociSpecJson(),
                    snapshotter(),
                    "",
                    r.labels(),
                    r.extensions(),
                    List.of(key)));
            assertThat(rt.deleteLease(leaseId)).isTrue();
            assertThat(rt.snapshot(snapshotter(), key)).isPresent();
            assertThat(rt.deleteContainer(id)).isTrue();
            assertThat(rt.removeSnapshot(snapshotter(), key)).isTrue();
            assertThat(rt.removeSnapshot(snapshotter(), key)).isFalse();
        } finally {
            rt.deleteContainer(id);
            rt.removeSnapshot(snapshotter(), key);
            rt.deleteLease(leaseId);
            rt.removeSnapshot(snapshotter(), parent);
        }
    }

    @Test
    void aTaskRunsUntilKilledAndReportsItsExit() throws Exception {
        ContainerRuntime rt = runtime();
        String id = uniqueId("task");
        RecordingListener events = new RecordingListener();
        try (EventSubscription sub = rt.subscribe(events)) {
            awaitConnected(sub);
            rt.createContainer(record(id, Map.of()));
            int pid = rt.createTask(id, List.of(), TaskIo.none());
            assertThat(pid).isPositive();
            assertThat(rt.task(id).orElseThrow().status()).isEqualTo(TaskStatus.CREATED);
            assertThatThrownBy(() -> rt.createTask(id, List.of(), TaskIo.none()))
                    .isInstanceOf(JcriException.AlreadyExists.class);
            assertThat(rt.startTask(id)).isEqualTo(pid);
            assertThat(rt.task(id).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(rt.listTasks()).anyMatch(t -> t.containerId().equals(id));
            assertThat(rt.taskPids(id))
                    .anyMatch(p -> p.pid() == pid && p.execId().isEmpty());
            assertThatThrownBy(() -> rt.deleteTask(id)).isInstanceOf(JcriException.FailedPrecondition.class);

            // the asynchronous wait: a deadline while it runs, then the exit
            assertThatThrownBy(
                            () -> rt.waitTaskAsync(id, Duration.ofMillis(300)).join())
                    .hasCauseInstanceOf(JcriException.DeadlineExceeded.class);
            CompletableFuture<ProcessExit> waited = rt.waitTaskAsync(id, Duration.ofSeconds(30));
            assertThat(waited).isNotDone();

            assertThat(rt.killTask(id, Signals.SIGKILL, false)).isTrue();
            TaskEvent.Exited exit =
                    events.await(TaskEvent.Exited.class, e -> e.containerId().equals(id), EVENT_WAIT);
            assertThat(exit.isInit()).isTrue();
            assertThat(exit.exitCode()).isEqualTo(137);
            assertThat(exit.pid()).isEqualTo(pid);
            assertThat(rt.waitTask(id, Duration.ofSeconds(10)).exitCode()).isEqualTo(137);
            ProcessExit asyncExit = waited.get(10, TimeUnit.SECONDS);
            assertThat(asyncExit.exitCode()).isEqualTo(137);
            assertThat(asyncExit.exitedAt()).isEqualTo(exit.exitedAt());
            assertThat(rt.task(id).orElseThrow().exit()).isPresent();
            assertThat(rt.killTask(id, Signals.SIGKILL, false)).isFalse();
            assertThatThrownBy(() -> rt.execProcess(id, "late", longRunningProcess(), TaskIo.none()))
                    .isInstanceOf(JcriException.FailedPrecondition.class);

            ProcessExit deleted = rt.deleteTask(id).orElseThrow();
            assertThat(deleted.exitCode()).isEqualTo(137);
            assertThat(deleted.exitedAt()).isEqualTo(exit.exitedAt());
            assertThat(rt.deleteTask(id)).isEmpty();
            assertThat(rt.task(id)).isEmpty();
            assertThat(rt.killTask(id, Signals.SIGKILL, true)).isFalse();
        } finally {
            rt.killTask(id, Signals.SIGKILL, true);
            try {
                rt.waitTask(id, Duration.ofSeconds(5));
            } catch (JcriException e) {
                // no task
            }
            rt.deleteTask(id);
            rt.deleteContainer(id);
        }
    }

    @Test
    void aCreatedTaskCanBeDeletedWithoutStarting() {
        ContainerRuntime rt = runtime();
        String id = uniqueId("created");
        try {
            rt.createContainer(record(id, Map.of()));
            rt.createTask(id, List.of(), TaskIo.none());
            assertThat(rt.deleteTask(id)).isPresent();
            assertThat(rt.task(id)).isEmpty();
        } finally {
            rt.deleteTask(id);
            rt.deleteContainer(id);
        }
    }

    @Test
    void aTaskWithoutAContainerIsNotFound() {
        assertThatThrownBy(() -> runtime().createTask(uniqueId("none"), List.of(), TaskIo.none()))
                .isInstanceOf(JcriException.NotFound.class);
        assertThat(runtime().deleteTask(uniqueId("none"))).isEmpty();
        assertThat(runtime().task(uniqueId("none"))).isEmpty();
    }

    @Test
    void execProcessesRunInARunningTask() {
        ContainerRuntime rt = runtime();
        String id = uniqueId("exec");
        RecordingListener events = new RecordingListener();
        try (EventSubscription sub = rt.subscribe(events)) {
            awaitConnected(sub);
            rt.createContainer(record(id, Map.of()));
            rt.createTask(id, List.of(), TaskIo.none());
            rt.startTask(id);
            rt.execProcess(id, "e1", longRunningProcess(), TaskIo.none());
            assertThatThrownBy(() -> rt.execProcess(id, "e1", longRunningProcess(), TaskIo.none()))
                    .isInstanceOf(JcriException.AlreadyExists.class);
            int pid = rt.startProcess(id, "e1");
            assertThat(pid).isPositive();
            assertThat(rt.process(id, "e1").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(rt.taskPids(id))
                    .anyMatch(p -> p.pid() == pid && p.execId().equals("e1"));
            assertThatThrownBy(() -> rt.deleteProcess(id, "e1")).isInstanceOf(JcriException.FailedPrecondition.class);
            assertThatThrownBy(() -> rt.waitProcess(id, "e1", Duration.ofMillis(200)))
                    .isInstanceOf(JcriException.DeadlineExceeded.class);

            assertThat(rt.killProcess(id, "e1", Signals.SIGKILL)).isTrue();
            TaskEvent.Exited exit = events.await(
                    TaskEvent.Exited.class,
                    e -> e.containerId().equals(id) && e.execId().equals("e1"),
                    EVENT_WAIT);
            assertThat(exit.exitCode()).isEqualTo(137);
            assertThat(rt.waitProcess(id, "e1", Duration.ofSeconds(10)).exitCode())
                    .isEqualTo(137);
            assertThat(rt.deleteProcess(id, "e1").orElseThrow().exitCode()).isEqualTo(137);
            assertThat(rt.deleteProcess(id, "e1")).isEmpty();
            assertThat(rt.process(id, "e1")).isEmpty();
            assertThat(rt.killProcess(id, "e1", Signals.SIGKILL)).isFalse();
            assertThat(rt.task(id).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
        } finally {
            rt.killTask(id, Signals.SIGKILL, true);
            rt.waitTask(id, Duration.ofSeconds(10));
            rt.deleteTask(id);
            rt.deleteContainer(id);
        }
    }

    /** Events sent before the subscription is live are lost (listeners resync); wait until it is. */
    static void awaitConnected(io.jcri.ports.out.EventSubscription sub) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!sub.connected()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the event subscription did not connect within 20s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
