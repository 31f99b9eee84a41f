package io.jcri.ports.application.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.fakes.FakeImageRegistry;
import io.jcri.ports.fakes.FakeImageStore;
import io.jcri.ports.in.ImageManagement.PullCommand;
import io.jcri.ports.out.ImageRegistry.RemoteImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImageManagementServiceTest {
    final FakeImageRegistry registry = new FakeImageRegistry();
    final FakeImageStore store = new FakeImageStore();
    final ExecutorService callers = Executors.newCachedThreadPool();

    ImageManagementService service(int downloads, Duration timeout) {
        return new ImageManagementService(
                registry,
                store,
                new ImageManagementService.Settings(
                        downloads, timeout, "registry.k8s.io/pause:3.10", new Platform("linux", "amd64", "")));
    }

    ImageManagementService service() {
        return service(3, Duration.ofSeconds(30));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void pullStoresContentWithGcLabelsUnpacksAndNamesTheImageLast() {
        RemoteImage remote = registry.add("busybox:1", "1000", bytes("layer-a"), bytes("layer-b"));
        String id = service().pull(new PullCommand("busybox:1", RegistryAuth.NONE));

        assertThat(id).isEqualTo(remote.config().descriptor().digest());
        String manifest = remote.manifest().descriptor().digest();
        assertThat(store.records)
                .containsOnlyKeys("docker.io/library/busybox:1", "docker.io/library/busybox@" + manifest);
        assertThat(store.recordLabels.get("docker.io/library/busybox:1")).containsEntry("io.jcri.image", "managed");
        assertThat(store.contentLabels.get(manifest))
                .containsEntry("containerd.io/gc.ref.content.config", id)
                .containsEntry(
                        "containerd.io/gc.ref.content.l.0",
                        remote.layers().get(0).digest())
                .containsEntry(
                        "containerd.io/gc.ref.content.l.1",
                        remote.layers().get(1).digest());
        List<String> chain = ChainIds.of(remote.parsedConfig().diffIds());
        assertThat(store.contentLabels.get(id)).containsEntry("containerd.io/gc.ref.snapshot.overlayfs", chain.get(1));
        assertThat(store.contentLabels.get(remote.layers().get(0).digest()))
                .containsEntry(
                        "containerd.io/uncompressed",
                        remote.parsedConfig().diffIds().get(0));
        assertThat(store.snapshots).containsAll(chain);
        assertThat(store.leases).as("the pull's lease is released").isEmpty();
    }

    @Test
    void statusListAndRemoveByIdTagOrDigest() {
        RemoteImage remote = registry.add("busybox:1", "app", bytes("layer-a"));
        ImageManagementService s = service();
        String id = s.pull(new PullCommand("busybox:1", RegistryAuth.NONE));
        String digestName =
                "docker.io/library/busybox@" + remote.manifest().descriptor().digest();

        Image image = s.status("busybox:1").orElseThrow();
        assertThat(image.id()).isEqualTo(id);
        assertThat(image.repoTags()).containsExactly("docker.io/library/busybox:1");
        assertThat(image.repoDigests()).containsExactly(digestName);
        assertThat(image.user().username()).isEqualTo("app");
        assertThat(image.chainId()).isEqualTo(ChainIds.top(remote.parsedConfig().diffIds()));
        assertThat(image.size()).isGreaterThan(remote.layers().get(0).size());
        assertThat(s.status(id)).contains(image);
        assertThat(s.status(id.substring("sha256:".length()))).contains(image);
        assertThat(s.status(digestName)).contains(image);
        assertThat(s.status("busybox:2")).isEmpty();
        assertThat(s.list(ImageFilter.ALL)).containsExactly(image);
        assertThat(s.list(new ImageFilter("busybox:2"))).isEmpty();

        s.remove(digestName);
        assertThat(store.records).isEmpty();
        assertThat(store.collections.get())
                .as("GC runs once, with the last name")
                .isEqualTo(1);
        s.remove("busybox:1");
        s.remove(id);
        assertThat(s.list(ImageFilter.ALL)).isEmpty();
    }

    @Test
    void sandboxImageIsPinned() {
        registry.add("registry.k8s.io/pause:3.10", "65535", bytes("pause"));
        registry.add("busybox", "", bytes("bb"));
        ImageManagementService s = service();
        s.pull(new PullCommand("registry.k8s.io/pause:3.10", RegistryAuth.NONE));
        s.pull(new PullCommand("busybox", RegistryAuth.NONE));
        assertThat(s.status("registry.k8s.io/pause:3.10").orElseThrow().pinned())
                .isTrue();
        assertThat(s.status("busybox").orElseThrow().pinned()).isFalse();
        assertThat(s.status("busybox").orElseThrow().user().uid()).isNull();
    }

    @Test
    void blobsAlreadyPresentAreNotDownloadedAgain() {
        registry.add("a:1", "", bytes("shared"), bytes("only-a"));
        registry.add("b:1", "", bytes("shared"), bytes("only-b"));
        ImageManagementService s = service();
        s.pull(new PullCommand("a:1", RegistryAuth.NONE));
        assertThat(registry.blobOpens.get()).isEqualTo(2);
        s.pull(new PullCommand("b:1", RegistryAuth.NONE));
        assertThat(registry.blobOpens.get()).isEqualTo(3);
        s.pull(new PullCommand("b:1", RegistryAuth.NONE));
        assertThat(registry.blobOpens.get()).isEqualTo(3);
    }

    @Test
    void concurrentPullsOfOneReferenceShareOneDownload() throws Exception {
        registry.add("busybox", "", bytes("one"), bytes("two"));
        CountDownLatch gate = registry.holdResolves();
        ImageManagementService s = service();
        List<Future<String>> pulls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pulls.add(callers.submit(
                    () -> s.pull(new PullCommand("docker.io/library/busybox:latest", RegistryAuth.NONE))));
        }
        Thread.sleep(200);
        gate.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<String> f : pulls) {
            ids.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(ids).hasSize(4).containsOnly(ids.get(0));
        assertThat(registry.resolves.get()).isEqualTo(1);
        assertThat(registry.blobOpens.get()).isEqualTo(2);
    }

    @Test
    void layersDownloadConcurrentlyUpToTheBound() {
        byte[][] layers = new byte[6][];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = bytes("layer-" + i + "-" + "x".repeat(8 * 1024));
        }
        registry.add("many:1", "", layers);
        registry.blobDelay(5);
        service(2, Duration.ofSeconds(30)).pull(new PullCommand("many:1", RegistryAuth.NONE));
        assertThat(registry.maxOpen.get()).isEqualTo(2);
        assertThat(store.records).hasSize(2);
    }

    @Test
    void pullThatMovesNoBytesIsCancelledAndLeavesNoRecord() {
        registry.add("stuck:1", "", bytes("never-arrives"));
        registry.stallBlobs();
        long start = System.nanoTime();
        assertThatThrownBy(() -> service(3, Duration.ofMillis(300)).pull(new PullCommand("stuck:1", RegistryAuth.NONE)))
                .isInstanceOf(JcriException.DeadlineExceeded.class)
                .hasMessageContaining("docker.io/library/stuck:1")
                .hasMessageContaining("no bytes moved for 0.3s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(store.records).isEmpty();
        assertThat(store.leases)
                .as("the failed pull's lease is retained for the next try")
                .hasSize(1);
        assertThat(store.retainedLeases).isEqualTo(store.leases);
    }

    @Test
    void failedPullLeavesNoRecordButKeepsDownloadedBlobs() {
        RemoteImage remote = registry.add("app:1", "", bytes("l1"), bytes("l2"));
        store.failUnpack(new JcriException.Internal("unpack broke"), 2);
        ImageManagementService s = service();
        assertThatThrownBy(() -> s.pull(new PullCommand("app:1", RegistryAuth.NONE)))
                .hasMessageContaining("unpack broke");
        assertThat(store.records).isEmpty();
        assertThat(store.content)
                .containsKeys(
                        remote.layers().get(0).digest(), remote.layers().get(1).digest());
        assertThat(store.retainedLeases).isEqualTo(store.leases).hasSize(1);
        store.failUnpack(null, 0);
        int opens = registry.blobOpens.get();
        s.pull(new PullCommand("app:1", RegistryAuth.NONE));
        assertThat(registry.blobOpens.get()).isEqualTo(opens);
        assertThat(store.leases).as("only the retained lease is left").isEqualTo(store.retainedLeases);
    }

    @Test
    void aPullForARuntimeHandlerUnpacksIntoItsSnapshotterAndStatusIsPerHandler() {
        RemoteImage remote = registry.add("app:1", "", bytes("layer-a"), bytes("layer-b"));
        ImageManagementService s = new ImageManagementService(
                registry,
                store,
                new ImageManagementService.Settings(
                        3,
                        Duration.ofSeconds(30),
                        "registry.k8s.io/pause:3.10",
                        new Platform("linux", "amd64", ""),
                        handler -> handler.equals("kata") ? "native" : ""));
        s.pull(new PullCommand("app:1", RegistryAuth.NONE));
        List<String> chain = ChainIds.of(remote.parsedConfig().diffIds());
        assertThat(store.snapshots).containsAll(chain);
        assertThat(s.status("app:1", "")).isPresent();
        assertThat(s.status("app:1", "runc"))
                .as("a handler on the default snapshotter")
                .isPresent();
        assertThat(s.status("app:1", "kata")).as("not unpacked into native yet").isEmpty();
        assertThatThrownBy(() -> s.require("app:1", "kata"))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("runtime handler \"kata\"");

        int opens = registry.blobOpens.get();
        s.pull(new PullCommand("app:1", RegistryAuth.NONE, "kata"));
        assertThat(registry.blobOpens.get()).as("the blobs are there already").isEqualTo(opens);
        assertThat(store.otherSnapshots).containsExactly("native/" + chain.get(0), "native/" + chain.get(1));
        assertThat(store.contentLabels.get(remote.config().descriptor().digest()))
                .as("both unpacked copies are held by the config")
                .containsEntry(Pull.GC_SNAPSHOT + "native", chain.get(1))
                .containsEntry(Pull.GC_SNAPSHOT + store.snapshotter(), chain.get(1));
        assertThat(s.status("app:1", "kata")).isPresent();
        assertThat(s.ensure("app:1", RegistryAuth.NONE, "kata").id())
                .isEqualTo(remote.config().descriptor().digest());
    }

    @Test
    void ensureForARuntimeHandlerPullsWhatItsSnapshotterLacks() {
        registry.add("app:2", "", bytes("layer-c"));
        ImageManagementService s = new ImageManagementService(
                registry,
                store,
                new ImageManagementService.Settings(
                        3,
                        Duration.ofSeconds(30),
                        "registry.k8s.io/pause:3.10",
                        new Platform("linux", "amd64", ""),
                        handler -> handler.equals("kata") ? "native" : ""));
        assertThat(s.ensure("app:2", RegistryAuth.NONE, "kata").chainId()).isNotEmpty();
        assertThat(store.otherSnapshots).hasSize(1);
        assertThat(store.snapshots).as("nothing in the default snapshotter").isEmpty();
        assertThat(s.status("app:2", "")).as("the image record is shared").isPresent();
    }

    @Test
    void layerLargerThanItsDescriptorIsAbortedNamingItsDigest() {
        RemoteImage remote = registry.add("big:1", "", bytes("small layer"));
        String digest = remote.layers().get(0).digest();
        registry.serveBlob(digest, new byte[3 << 20]);
        assertThatThrownBy(() -> service().pull(new PullCommand("big:1", RegistryAuth.NONE)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining(digest)
                .hasMessageContaining("larger than the 11 bytes its descriptor declares");
        assertThat(store.records).isEmpty();
        assertThat(store.content).doesNotContainKey(digest);
    }

    @Test
    void malformedReferenceIsInvalidArgumentAndRegistryErrorsPassThrough() {
        assertThatThrownBy(() -> service().pull(new PullCommand("Bad:Ref:x", RegistryAuth.NONE)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("Bad:Ref:x");
        assertThatThrownBy(() -> service().pull(new PullCommand("missing:1", RegistryAuth.NONE)))
                .isInstanceOf(JcriException.NotFound.class);
    }

    @Test
    void ensurePullsOnlyWhenMissing() {
        registry.add("busybox", "", bytes("bb"));
        ImageManagementService s = service();
        Image first = s.ensure("busybox", RegistryAuth.NONE);
        Image second = s.ensure("docker.io/library/busybox:latest", RegistryAuth.NONE);
        assertThat(second).isEqualTo(first);
        assertThat(registry.resolves.get()).isEqualTo(1);
        assertThat(s.require(first.id())).isEqualTo(first);
        assertThatThrownBy(() -> s.require("nothere:1")).isInstanceOf(JcriException.NotFound.class);
    }

    @Test
    void credentialsReachTheRegistry() {
        registry.add("private/app:1", "", bytes("p"));
        registry.requirePassword("pw");
        assertThatThrownBy(() -> service().pull(new PullCommand("private/app:1", RegistryAuth.basic("u", "bad"))))
                .isInstanceOf(JcriException.InvalidArgument.class);
        assertThat(service().pull(new PullCommand("private/app:1", RegistryAuth.basic("u", "pw"))))
                .startsWith("sha256:");
    }

    @Test
    void fsInfoComesFromTheStore() {
        assertThat(service().fsInfo())
                .singleElement()
                .satisfies(u -> assertThat(u.mountpoint()).isEqualTo("/fake/snapshots"));
    }
}
