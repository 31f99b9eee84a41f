package io.jcri.ports.application.image;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ImageRegistry;
import io.jcri.ports.out.ImageStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * {@link ImageManagement} over a registry and an image store. Pulls of one reference share one
 * download (the first caller's credentials are used for both); layers download concurrently up to
 * a bound; a pull that moves no bytes for the progress timeout is cancelled. The image record is
 * written last, so a failed pull leaves none (its blobs stay for the next try).
 */
public final class ImageManagementService implements ImageManagement {
    /** Label on every image record jcri writes. */
    public static final String MANAGED_LABEL = "io.jcri.image";
    /** Label marking an image record as pinned (never garbage-collected by the kubelet). */
    public static final String PINNED_LABEL = "io.jcri.image.pinned";

    private final ImageRegistry registry;
    private final ImageStore store;
    private final Settings settings;
    private final Map<String, CompletableFuture<String>> inflight = new ConcurrentHashMap<>();
    private final ImageIndex index;

    /**
     * @param maxConcurrentDownloads layers of one image downloaded at once
     * @param progressTimeout how long a pull may move no bytes before it is cancelled
     * @param sandboxImage the pause image, reported pinned
     * @param platform the platform picked from indexes
     * @param snapshotters the snapshotter of a runtime handler, by its name (empty or null: the
     *     store's own)
     */
    public record Settings(
            int maxConcurrentDownloads,
            Duration progressTimeout,
            String sandboxImage,
            Platform platform,
            java.util.function.Function<String, String> snapshotters) {
        public Settings {
            if (maxConcurrentDownloads < 1) {
                throw new IllegalArgumentException("maxConcurrentDownloads must be at least 1");
            }
            java.util.Objects.requireNonNull(snapshotters, "snapshotters");
        }

        /** Every runtime handler on the store's own snapshotter. */
        public Settings(int maxConcurrentDownloads, Duration progressTimeout, String sandboxImage, Platform platform) {
            this(maxConcurrentDownloads, progressTimeout, sandboxImage, platform, handler -> "");
        }
    }

    /** A service whose events go on a bus of its own (tests that read none). */
    public ImageManagementService(ImageRegistry registry, ImageStore store, Settings settings) {
        this(registry, store, settings, new EventBus());
    }

    /** @param events the bus image events are published on */
    public ImageManagementService(ImageRegistry registry, ImageStore store, Settings settings, EventBus events) {
        this.events = events;
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.index = new ImageIndex(store, settings.sandboxImage());
    }

    @Override
    public String pull(PullCommand command) {
        ImageReference ref = ImageReference.parse(command.reference());
        RegistryAuth auth = command.auth() == null ? RegistryAuth.NONE : command.auth();
        String snapshotter = snapshotterOf(command.runtimeHandler());
        String key = ref + "|" + snapshotter;
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        try {
            long startedNanos = System.nanoTime();
            java.time.Instant startedAt = java.time.Instant.now();
            Pull pull = new Pull(ref, auth, registry, store, settings, snapshotter);
            String id = pull.run();
            index.written(pull.written());
            mine.complete(id);
            pulled(command.reference(), id, startedNanos, startedAt);
            return id;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(key, mine);
        }
    }

    private static String join(CompletableFuture<String> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable("interrupted while waiting for a pull of the same image", e);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new JcriException.Internal("pull failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public List<Image> list(ImageFilter filter) {
        return filter.apply(images());
    }

    @Override
    public Optional<Image> status(String reference) {
        return named(images(), reference);
    }

    private static Optional<Image> named(List<Image> images, String reference) {
        String key = ImageFilter.key(reference);
        return images.stream().filter(i -> i.isNamedBy(key)).findFirst();
    }

    @Override
    public Optional<List<Image>> listFromMemory(ImageFilter filter) {
        return index.imagesInMemory().map(filter::apply);
    }

    @Override
    public Optional<Optional<Image>> statusFromMemory(String reference, String runtimeHandler) {
        if (!snapshotterOf(runtimeHandler).equals(store.snapshotter())) {
            return Optional.empty();
        }
        return index.imagesInMemory().map(all -> named(all, reference));
    }

    @Override
    public Optional<Image> status(String reference, String runtimeHandler) {
        String snapshotter = snapshotterOf(runtimeHandler);
        if (snapshotter.equals(store.snapshotter())) {
            return status(reference);
        }
        return status(reference).filter(i -> store.unpacked(snapshotter, i.chainId()));
    }

    @Override
    public Image ensure(String reference, RegistryAuth auth, String runtimeHandler) {
        Optional<Image> present = status(reference, runtimeHandler);
        if (present.isPresent()) {
            return present.get();
        }
        String id = pull(new PullCommand(reference, auth, runtimeHandler));
        return status(id, runtimeHandler)
                .orElseThrow(() -> new JcriException.Internal("image " + reference + " (" + id
                        + ") was pulled for runtime handler \"" + runtimeHandler + "\" but is not unpacked for it"));
    }

    /** The snapshotter images for {@code runtimeHandler} are unpacked into. */
    private String snapshotterOf(String runtimeHandler) {
        String s = settings.snapshotters().apply(runtimeHandler == null ? "" : runtimeHandler);
        return s == null || s.isEmpty() ? store.snapshotter() : s;
    }

    @Override
    public void remove(String reference) {
        Optional<Image> image = status(reference);
        if (image.isEmpty()) {
            return;
        }
        String id = image.get().id();
        List<String> names = index.names(id);
        try {
            for (int i = 0; i < names.size(); i++) {
                store.deleteImage(names.get(i), i == names.size() - 1);
            }
        } finally {
            index.forget(names);
        }
        events.publish(new RuntimeEvent(
                RuntimeEvent.Type.IMAGE_REMOVED, id, "", java.time.Instant.now(), Map.of("reference", reference)));
    }

    @Override
    public List<ImageFsUsage> fsInfo() {
        return store.usage();
    }

    @Override
    public List<ImageFsUsage> containerFsInfo() {
        return store.containerUsage();
    }

    @Override
    public Image ensure(String reference, RegistryAuth auth) {
        Optional<Image> present = status(reference);
        if (present.isPresent()) {
            return present.get();
        }
        String id = pull(new PullCommand(reference, auth));
        return status(id)
                .orElseThrow(() -> new JcriException.Internal(
                        "image " + reference + " (" + id + ") was pulled but is not in the image store"));
    }

    private List<Image> images() {
        return index.images();
    }

    // ---- events (the bus the admin API and metrics read) ----

    private final EventBus events;

    private void pulled(String reference, String id, long startedNanos, java.time.Instant startedAt) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        long bytes = status(id).map(Image::size).orElse(0L);
        events.publish(new RuntimeEvent(
                RuntimeEvent.Type.IMAGE_PULLED,
                id,
                "",
                java.time.Instant.now(),
                Map.of(
                        "reference", reference,
                        "bytes", Long.toString(bytes),
                        "seconds", String.format(java.util.Locale.ROOT, "%.3f", seconds),
                        "startedAt", startedAt.toString())));
    }
}
