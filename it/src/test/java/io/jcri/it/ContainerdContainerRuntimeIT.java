package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.task.ContainerdContainerRuntime;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.Mount;
import io.jcri.it.fixtures.BusyboxRootfs;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.OciSpecs;
import io.jcri.it.fixtures.SnapshotMounts;
import io.jcri.it.fixtures.TestCgroups;
import io.jcri.ports.contract.ContainerRuntimeContract;
import io.jcri.ports.contract.RecordingListener;
import io.jcri.ports.out.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ContainerRuntime contract against the containerd adapter and a real containerd. */
class ContainerdContainerRuntimeIT extends ContainerRuntimeContract {
    static final String NS = "jcri-test";
    static ContainerdFixture containerd;
    static ContainerdClient client;
    static ContainerdContainerRuntime runtime;
    static TestCgroups cgroups;
    static Path rootfs;

    @BeforeAll
    static void start() {
        containerd = ContainerdFixture.start();
        client = ContainerdClient.connect(containerd.socket(), NS);
        runtime = ContainerdContainerRuntime.create(client);
        cgroups = new TestCgroups();
        rootfs = BusyboxRootfs.create(containerd.dir());
    }

    @AfterAll
    static void stop() {
        runtime.close();
        client.close();
        containerd.close();
        cgroups.close();
    }

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    protected String longRunningSpec(String containerId) {
        return OciSpecs.spec(rootfs, cgroups.pathFor(containerId), 0, "sleep", "1000");
    }

    @Override
    protected ExecProcess longRunningProcess() {
        return ExecProcess.parse(OciSpecs.processJson("sleep", "1000"));
    }

    @Override
    protected String snapshotter() {
        return "overlayfs";
    }

    /**
     * Prepare, mount, write a file, unmount, commit: a one-layer image by hand. It is made under
     * a lease and committed as a GC root, or containerd's garbage collector (which runs after
     * deletions) may take it before the test uses it.
     */
    @Override
    protected void commitParentSnapshot(String name) {
        commitLayer(name, dir -> {
            try {
                Files.writeString(dir.resolve("hello.txt"), "from the parent layer\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void commitLayer(String name, java.util.function.Consumer<Path> contents) {
        String key = name + "-extract";
        String lease = name + "-lease";
        runtime.createLease(lease, java.time.Duration.ofMinutes(5), Map.of());
        try {
            ContainerRuntime leased = runtime.withLease(lease);
            List<Mount> mounts = leased.prepareSnapshot(snapshotter(), key, "", Map.of());
            Path target = containerd.dir().resolve("mnt-" + name);
            Files.createDirectories(target);
            SnapshotMounts.mount(mounts, target);
            try {
                contents.accept(target);
            } finally {
                SnapshotMounts.unmount(target);
            }
            Files.delete(target);
            leased.commitSnapshot(
                    snapshotter(),
                    name,
                    key,
                    Map.of("containerd.io/gc.root", java.time.Instant.now().toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            runtime.deleteLease(lease);
        }
    }

    @Test
    void anActiveSnapshotShowsItsParentsFilesThroughOverlay() throws IOException {
        String parent = uniqueId("layer");
        String key = uniqueId("rootfs");
        String lease = uniqueId("lease");
        commitParentSnapshot(parent);
        Path target = containerd.dir().resolve("mnt-" + key);
        try {
            runtime.createLease(lease, java.time.Duration.ofMinutes(5), Map.of());
            List<Mount> mounts = runtime.withLease(lease).prepareSnapshot(snapshotter(), key, parent, Map.of());
            assertThat(mounts).singleElement().satisfies(m -> {
                assertThat(m.type()).isEqualTo("overlay");
                assertThat(m.options()).anyMatch(o -> o.startsWith("lowerdir="));
            });
            Files.createDirectories(target);
            SnapshotMounts.mount(mounts, target);
            try {
                assertThat(Files.readString(target.resolve("hello.txt"))).isEqualTo("from the parent layer\n");
            } finally {
                SnapshotMounts.unmount(target);
            }
            assertThat(containerd.ctr(NS, "leases", "ls")).contains(lease);
        } finally {
            runtime.removeSnapshot(snapshotter(), key);
            runtime.deleteLease(lease);
            runtime.removeSnapshot(snapshotter(), parent);
            Files.deleteIfExists(target);
        }
        assertThat(containerd.ctr(NS, "snapshots", "ls")).doesNotContain(key).doesNotContain(parent);
        assertThat(containerd.ctr(NS, "leases", "ls")).doesNotContain(lease);
    }

    @Test
    void aTaskRunsOnTheMountsOfItsSnapshot() {
        String layer = uniqueId("bblayer");
        String id = uniqueId("snaprun");
        String lease = uniqueId("lease");
        commitLayer(layer, dir -> {
            Path made = BusyboxRootfs.create(dir);
            try (var files = Files.list(made)) {
                for (Path p : files.toList()) {
                    Files.move(p, dir.resolve(p.getFileName()));
                }
                Files.delete(made);
                Files.writeString(dir.resolve("hello.txt"), "layer-file\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        RecordingListener events = new RecordingListener();
        try (var sub = runtime.subscribe(events)) {
            awaitConnected(sub);
            runtime.createLease(lease, java.time.Duration.ofMinutes(5), Map.of());
            ContainerRuntime leased = runtime.withLease(lease);
            List<Mount> mounts = leased.prepareSnapshot(snapshotter(), id, layer, Map.of());
            String spec = OciSpecs.spec(
                    Path.of("rootfs"), cgroups.pathFor(id), 0, "sh", "-c", "grep -q layer-file /hello.txt; exit 6");
            leased.createContainer(new io.jcri.domain.task.NewContainerRecord(
                    id,
                    "example.com/busybox:1",
                    io.jcri.domain.task.OciRuntime.runcV2(),
                    spec,
                    snapshotter(),
                    id,
                    Map.of(),
                    Map.of()));
            runtime.deleteLease(lease);
            assertThat(runtime.container(id).orElseThrow().snapshotKey()).isEqualTo(id);
            runtime.createTask(id, mounts, io.jcri.domain.task.TaskIo.none());
            runtime.startTask(id);
            assertThat(events.await(
                                    io.jcri.domain.task.TaskEvent.Exited.class,
                                    e -> e.containerId().equals(id),
                                    EVENT_WAIT)
                            .exitCode())
                    .isEqualTo(6);
            assertThat(runtime.deleteTask(id)).isPresent();
        } finally {
            runtime.deleteTask(id);
            runtime.deleteContainer(id);
            runtime.removeSnapshot(snapshotter(), id);
            runtime.deleteLease(lease);
            runtime.removeSnapshot(snapshotter(), layer);
        }
        assertThat(containerd.ctr(NS, "snapshots", "ls")).doesNotContain(id).doesNotContain(layer);
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
