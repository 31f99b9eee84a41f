package io.jcri.ports.application.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.fakes.FakeImageRegistry;
import io.jcri.ports.fakes.FakeImageStore;
import io.jcri.ports.in.ImageManagement.PullCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** ImageStatus, ListImages and ensure answer from the in-memory index, kept in step by record events. */
class ImageIndexTest {
    final FakeImageRegistry registry = new FakeImageRegistry();
    final FakeImageStore store = new FakeImageStore();
    final ImageManagementService service = new ImageManagementService(
            registry,
            store,
            new ImageManagementService.Settings(
                    3, Duration.ofSeconds(30), "registry.k8s.io/pause:3.10", new Platform("linux", "amd64", "")));

    String pullBusybox() {
        registry.add("busybox:1", "1000", "layer-a".getBytes(StandardCharsets.UTF_8));
        return service.pull(new PullCommand("busybox:1", RegistryAuth.NONE));
    }

    static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            value = read.get();
        }
        return value;
    }

    static String me() {
        return Thread.currentThread().getName();
    }

    @Test
    void statusListAndEnsureReadNoRecordsAfterAPull() {
        String id = pullBusybox();
        store.recordReaders.clear();

        assertThat(service.status("busybox:1")).map(Image::id).contains(id);
        assertThat(service.status(id)).isPresent();
        assertThat(service.status("busybox:2")).isEmpty();
        assertThat(service.list(ImageFilter.ALL)).extracting(Image::id).containsExactly(id);
        assertThat(service.ensure("docker.io/library/busybox:1", RegistryAuth.NONE)
                        .id())
                .isEqualTo(id);

        assertThat(store.recordReaders).as("image records read by the caller").doesNotContain(me());
    }

    @Test
    void removeForgetsTheImageAtOnce() {
        String id = pullBusybox();
        store.recordReaders.clear();

        service.remove(id);

        assertThat(service.status("busybox:1")).isEmpty();
        assertThat(service.list(ImageFilter.ALL)).isEmpty();
        assertThat(store.records).isEmpty();
        assertThat(store.recordReaders).doesNotContain(me());
    }

    @Test
    void anotherClientsTagAndDeleteReachTheIndexThroughTheEvents() throws InterruptedException {
        String id = pullBusybox();
        Descriptor target = store.records.get("docker.io/library/busybox:1");

        // as `ctr image tag` would: a record written by someone else
        store.putImage("docker.io/library/mine:v1", target, Map.of());
        Optional<Image> tagged = eventually(() -> service.status("mine:v1"), Optional::isPresent);
        assertThat(tagged).map(Image::id).contains(id);
        assertThat(service.status(id).orElseThrow().repoTags())
                .containsExactlyInAnyOrder("docker.io/library/busybox:1", "docker.io/library/mine:v1");

        store.deleteImage("docker.io/library/mine:v1", false);
        assertThat(eventually(() -> service.status("mine:v1"), Optional::isEmpty))
                .isEmpty();
        assertThat(service.status("busybox:1")).isPresent();
    }

    @Test
    void withoutEventsEveryReadGoesToTheStoreAndAReconnectionReadsAllAgain() throws InterruptedException {
        String id = pullBusybox();
        Descriptor target = store.records.get("docker.io/library/busybox:1");
        store.disconnect();

        store.putImage("docker.io/library/unseen:v1", target, Map.of());
        store.recordReaders.clear();
        assertThat(service.status("unseen:v1")).map(Image::id).contains(id);
        assertThat(store.recordReaders).contains(me());

        store.deleteImage("docker.io/library/unseen:v1", false);
        store.reconnect();
        assertThat(eventually(() -> service.status("unseen:v1"), Optional::isEmpty))
                .isEmpty();
        store.recordReaders.clear();
        assertThat(service.status("busybox:1")).isPresent();
        assertThat(store.recordReaders).doesNotContain(me());
    }

    @Test
    void theMemoryOnlyReadsAnswerWhileTheIndexIsInStepAndDeclineWhileTheEventsAreDown() {
        String id = pullBusybox();
        store.recordReaders.clear();

        assertThat(service.statusFromMemory("busybox:1", ""))
                .hasValueSatisfying(found -> assertThat(found).map(Image::id).contains(id));
        assertThat(service.statusFromMemory("busybox:2", "")).contains(Optional.empty());
        assertThat(service.listFromMemory(ImageFilter.ALL))
                .hasValueSatisfying(all -> assertThat(all).extracting(Image::id).containsExactly(id));
        assertThat(store.recordReaders).doesNotContain(me());

        store.disconnect();
        assertThat(service.statusFromMemory("busybox:1", "")).isEmpty();
        assertThat(service.listFromMemory(ImageFilter.ALL)).isEmpty();
        assertThat(store.recordReaders).as("declining reads nothing either").doesNotContain(me());
    }

    @Test
    void aPullIntoAnIndexInStepReadsOnlyTheRecordsItWrote() {
        pullBusybox();
        assertThat(service.list(ImageFilter.ALL)).hasSize(1);
        int before = store.fullReads.get();

        registry.add("alpine:3", "2000", "layer-b".getBytes(StandardCharsets.UTF_8));
        String id = service.pull(new PullCommand("alpine:3", RegistryAuth.NONE));

        assertThat(store.fullReads.get()).as("every record read again").isEqualTo(before);
        assertThat(service.statusFromMemory("alpine:3", ""))
                .hasValueSatisfying(found -> assertThat(found).map(Image::id).contains(id));
        assertThat(service.list(ImageFilter.ALL)).hasSize(2);
    }
}
