package io.jcri.ports.application.image;

import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.ImageReference;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.ImageRecordListener;
import io.jcri.ports.out.ImageStore;
import io.jcri.ports.out.ImageStore.StoredImage;
import io.jcri.ports.threads.NamedThreads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The images, in memory, so ImageStatus, ListImages and the image look-ups of pod and container
 * creation make no round trip to the store (as containerd's own CRI plugin keeps them). Read whole
 * at start and again after each (re)connection of the store's record events; kept in step by
 * jcri's own writes (after a pull, after a removal) and by those events (another client's
 * changes), each changed record read again on a background thread. While the store's events are
 * not connected (never, for a store that cannot watch), every read goes to the store.
 */
final class ImageIndex implements ImageRecordListener {
    private static final Logger log = Logger.getLogger(ImageIndex.class.getName());

    private final ImageStore store;
    private final String sandboxImage;
    private final Object lock = new Object();
    private final Map<String, StoredImage> records = new LinkedHashMap<>();
    private volatile List<Image> images = List.of();
    private volatile boolean loaded;
    /** One thread at most, only while there is work: re-reads changed records in event order. */
    private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(
            1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), NamedThreads.daemons("jcri-image-index"));

    private final EventSubscription subscription;

    /** @param sandboxImage the pause image's name, reported pinned */
    ImageIndex(ImageStore store, String sandboxImage) {
        this.store = store;
        this.sandboxImage = sandboxImage;
        refresher.allowCoreThreadTimeOut(true);
        this.subscription = store.watch(this);
    }

    /** Every image, one per config digest, with all the names it is recorded under. */
    List<Image> images() {
        if (!subscription.connected()) {
            return group(store.images(), sandboxImage);
        }
        if (!loaded) {
            load();
        }
        return images;
    }

    /** Every image as {@link #images()}, when memory has them without waiting; else empty. */
    Optional<List<Image>> imagesInMemory() {
        return subscription.connected() && loaded ? Optional.of(images) : Optional.empty();
    }

    /** The names recorded for the image {@code id} (its config digest). */
    List<String> names(String id) {
        if (!subscription.connected()) {
            return store.images().stream()
                    .filter(s -> s.configDigest().equals(id))
                    .map(StoredImage::name)
                    .toList();
        }
        synchronized (lock) {
            return records.values().stream()
                    .filter(s -> s.configDigest().equals(id))
                    .map(StoredImage::name)
                    .toList();
        }
    }

    /**
     * jcri wrote the records {@code names} (a pull): they are read now, so the next look-up sees
     * them; only they, when the index is in step (their events re-read them again later).
     */
    void written(Collection<String> names) {
        if (!subscription.connected()) {
            return;
        }
        synchronized (lock) {
            if (!loaded) {
                load();
                return;
            }
            for (String name : names) {
                store.image(name).ifPresentOrElse(s -> records.put(name, s), () -> records.remove(name));
            }
            regroup();
        }
    }

    /** Reads every record again. */
    private void load() {
        synchronized (lock) {
            List<StoredImage> all = store.images();
            records.clear();
            all.forEach(s -> records.put(s.name(), s));
            regroup();
            loaded = true;
        }
    }

    /** jcri deleted the records {@code names}. */
    void forget(Collection<String> names) {
        synchronized (lock) {
            names.forEach(records::remove);
            regroup();
        }
    }

    @Override
    public void changed(String name) {
        background(() -> {
            synchronized (lock) {
                if (!loaded) {
                    return; // the next read loads everything
                }
                store.image(name).ifPresentOrElse(s -> records.put(name, s), () -> records.remove(name));
                regroup();
            }
        });
    }

    @Override
    public void resync() {
        loaded = false;
        background(() -> {
            if (!loaded) {
                load();
            }
        });
    }

    private void background(Runnable work) {
        try {
            refresher.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // read whole at the next use instead
                    loaded = false;
                    log.log(
                            Level.FINE,
                            "image index: re-reading failed (" + e.getMessage() + "); reloading at next use");
                }
            });
        } catch (RejectedExecutionException e) {
            loaded = false;
        }
    }

    private void regroup() {
        images = group(List.copyOf(records.values()), sandboxImage);
    }

    /** Groups records by config digest into images (tags, digests, pinned, size). */
    static List<Image> group(List<StoredImage> stored, String sandboxImage) {
        String sandbox = sandboxName(sandboxImage);
        Map<String, List<StoredImage>> byId = new LinkedHashMap<>();
        for (StoredImage s : stored) {
            if (!s.configDigest().isEmpty()) {
                byId.computeIfAbsent(s.configDigest(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Image> out = new ArrayList<>();
        byId.forEach((id, list) -> out.add(image(id, list, sandbox)));
        return List.copyOf(out);
    }

    private static Image image(String id, List<StoredImage> records, String sandbox) {
        Set<String> tags = new LinkedHashSet<>();
        Set<String> digests = new LinkedHashSet<>();
        boolean pinned = false;
        long size = 0;
        for (StoredImage s : records) {
            pinned |= "pinned".equals(s.labels().get(ImageManagementService.PINNED_LABEL))
                    || s.name().equals(sandbox);
            size = Math.max(size, s.size());
            if (s.name().contains("@")) {
                digests.add(s.name());
            } else if (!ImageReference.isImageId(s.name())) {
                tags.add(s.name());
                int colon = s.name().lastIndexOf(':');
                if (colon > s.name().lastIndexOf('/')) {
                    digests.add(s.name().substring(0, colon) + "@" + s.target().digest());
                }
            }
        }
        StoredImage first = records.get(0);
        ImageConfig config = first.config();
        return new Image(
                id,
                List.copyOf(tags),
                List.copyOf(digests),
                size,
                config,
                ChainIds.top(config.diffIds()),
                pinned,
                first.configJson());
    }

    private static String sandboxName(String sandboxImage) {
        try {
            return ImageReference.parse(sandboxImage).name();
        } catch (io.jcri.domain.error.JcriException e) {
            return sandboxImage;
        }
    }
}
