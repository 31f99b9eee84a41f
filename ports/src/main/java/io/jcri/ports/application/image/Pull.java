package io.jcri.ports.application.image;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.BuiltinImages;
import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.application.common.SideBySide;
import io.jcri.ports.out.ImageRegistry;
import io.jcri.ports.out.ImageRegistry.RemoteImage;
import io.jcri.ports.out.ImageStore;
import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pull: resolve, download the missing layers concurrently under a lease, write config and
 * manifests with the GC reference labels, unpack, and only then name the image.
 */
final class Pull {
    static final String UNCOMPRESSED = "containerd.io/uncompressed";
    static final String GC_CONTENT = "containerd.io/gc.ref.content.";
    static final String GC_SNAPSHOT = "containerd.io/gc.ref.snapshot.";
    private static final int BUFFER = 1 << 20;
    private static final System.Logger LOG = System.getLogger(Pull.class.getName());
    /** Writes a pull's documents and records side by side (daemon threads, made as needed). */
    private static final ExecutorService METADATA_WRITES =
            Executors.newCachedThreadPool(NamedThreads.daemons("jcri-pull-metadata"));

    private final ImageReference ref;
    private final RegistryAuth auth;
    private final ImageRegistry registry;
    private final ImageStore store;
    private final ImageManagementService.Settings settings;
    private final String snapshotter;

    private final List<String> written = new ArrayList<>(2);

    /** A pull of {@code ref} unpacked into {@code snapshotter}. */
    Pull(
            ImageReference ref,
            RegistryAuth auth,
            ImageRegistry registry,
            ImageStore store,
            ImageManagementService.Settings settings,
            String snapshotter) {
        this.snapshotter = snapshotter;
        this.ref = ref;
        this.auth = auth;
        this.registry = registry;
        this.store = store;
        this.settings = settings;
    }

    /** The image records the pull wrote (its tag, if it had one, and its digest reference). */
    List<String> written() {
        return List.copyOf(written);
    }

    String run() {
        try (ImageStore.PullLease lease = store.lease("pull " + ref)) {
            try {
                return pull(lease);
            } catch (RuntimeException e) {
                try {
                    lease.retain();
                } catch (RuntimeException retainFailure) {
                    e.addSuppressed(retainFailure);
                }
                throw e;
            }
        }
    }

    private String pull(ImageStore.PullLease lease) {
        long t0 = System.nanoTime();
        RemoteImage remote = registry.resolve(ref, auth, settings.platform());
        long t1 = System.nanoTime();
        List<String> diffIds = remote.parsedConfig().diffIds();
        List<Descriptor> layers = remote.layers();
        if (diffIds.size() != layers.size()) {
            throw new JcriException.InvalidArgument("image " + ref + ": its config lists " + diffIds.size()
                    + " diff IDs for " + layers.size() + " layers");
        }
        // layers unpack in order as soon as they are in, while the later ones still download
        downloadAndUnpack(lease, layers, diffIds);
        long t2 = System.nanoTime();

        writeDocuments(lease, remote, diffIds);
        long t3 = System.nanoTime();

        writeRecords(remote.target());
        LOG.log(
                System.Logger.Level.INFO,
                "pulled {0} ({1}): resolve {2} ms, download and unpack {3} ms, metadata {4} ms",
                ref,
                remote.config().descriptor().digest(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000);
        return remote.config().descriptor().digest();
    }

    /** Config, manifest and index (if any) with their GC labels, side by side (the lease holds each). */
    private void writeDocuments(ImageStore.PullLease lease, RemoteImage remote, List<String> diffIds) {
        List<Descriptor> layers = remote.layers();
        String top = ChainIds.top(diffIds);
        Map<String, String> configLabels = new LinkedHashMap<>();
        if (!top.isEmpty()) {
            configLabels.put(GC_SNAPSHOT + snapshotter, top);
        }
        Map<String, String> manifestLabels = new LinkedHashMap<>();
        manifestLabels.put(GC_CONTENT + "config", remote.config().descriptor().digest());
        for (int i = 0; i < layers.size(); i++) {
            manifestLabels.put(GC_CONTENT + "l." + i, layers.get(i).digest());
        }
        List<Runnable> documents = new ArrayList<>(3);
        documents.add(() -> store.putContent(
                lease, remote.config().descriptor(), remote.config().bytes(), configLabels));
        documents.add(() -> store.putContent(
                lease, remote.manifest().descriptor(), remote.manifest().bytes(), manifestLabels));
        if (remote.index() != null) {
            documents.add(() -> store.putContent(
                    lease,
                    remote.index().descriptor(),
                    remote.index().bytes(),
                    Map.of(GC_CONTENT + "m.0", remote.manifest().descriptor().digest())));
        }
        besideEachOther(documents);
    }

    /** The image's records, its tag (if it has one) and its digest reference, side by side. */
    private void writeRecords(Descriptor target) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ImageManagementService.MANAGED_LABEL, "managed");
        if (ImageReference.parse(settings.sandboxImage()).name().equals(ref.name())
                || BuiltinImages.DOMAIN.equals(ref.domain())) {
            labels.put(ImageManagementService.PINNED_LABEL, "pinned");
        }
        String byDigest = ref.withDigest(target.digest());
        List<Runnable> records = new ArrayList<>(2);
        if (ref.digest() == null) {
            records.add(() -> store.putImage(ref.name(), target, labels));
        }
        records.add(() -> store.putImage(byDigest, target, labels));
        besideEachOther(records);
        if (ref.digest() == null) {
            written.add(ref.name());
        }
        written.add(byDigest);
    }

    /** Runs the writes side by side (the first on this thread) and returns when all have ended. */
    private static void besideEachOther(List<Runnable> writes) {
        SideBySide.run(
                "writing the image's metadata", METADATA_WRITES, writes.get(0), writes.subList(1, writes.size()));
    }

    private void downloadAndUnpack(ImageStore.PullLease lease, List<Descriptor> layers, List<String> diffIds) {
        List<Integer> missing = missing(lease, layers);
        if (missing.isEmpty()) {
            store.unpack(lease, snapshotter, layers, diffIds);
            return;
        }
        int threads = Math.min(settings.maxConcurrentDownloads(), missing.size());
        PullProgress progress = new PullProgress(settings.progressTimeout());
        try (LayerDownloads downloads = new LayerDownloads(
                ref, threads, progress, settings.progressTimeout().toMillis())) {
            for (int i : missing) {
                Descriptor layer = layers.get(i);
                Map<String, String> labels = Map.of(UNCOMPRESSED, diffIds.get(i));
                downloads.submit(i, () -> fetch(lease, layer, labels, progress));
            }
            for (int i = 0; i < layers.size(); i++) {
                Future<?> f = downloads.download(i);
                if (f != null) {
                    await(f, progress);
                }
                store.unpack(lease, snapshotter, layers.subList(0, i + 1), diffIds.subList(0, i + 1));
            }
        }
    }

    /** The indexes of the layers not in the store (those that are get held by the lease). */
    private List<Integer> missing(ImageStore.PullLease lease, List<Descriptor> layers) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!store.holdContent(lease, layers.get(i).digest())) {
                missing.add(i);
            }
        }
        return missing;
    }

    /** Waits for one layer's download; its failure (or the pull's timeout) ends the pull. */
    private void await(Future<?> f, PullProgress progress) {
        try {
            f.get();
            return;
        } catch (ExecutionException e) {
            if (!progress.timedOut()) {
                throw e.getCause() instanceof RuntimeException r
                        ? r
                        : new JcriException.Internal("image " + ref + ": " + e.getCause(), e.getCause());
            }
        } catch (java.util.concurrent.CancellationException e) {
            if (!progress.timedOut()) {
                throw new JcriException.Unavailable("pull of " + ref + " was cancelled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable("pull of " + ref + " was interrupted", e);
        }
        throw new JcriException.DeadlineExceeded("pull of " + ref + " cancelled: no bytes moved for "
                + PullProgress.describe(settings.progressTimeout()) + " (jcri.image.pull-progress-timeout)");
    }

    /** A layer whose download passed its declared size: aborted before it can fill the disk. */
    private JcriException oversize(Descriptor layer) {
        return new JcriException.InvalidArgument("image " + ref + ": layer " + layer.digest() + " from "
                + ref.domain() + " is larger than the " + layer.size()
                + " bytes its descriptor declares; download aborted");
    }

    private void fetch(
            ImageStore.PullLease lease, Descriptor layer, Map<String, String> labels, PullProgress progress) {
        if (store.holdContent(lease, layer.digest())) {
            return;
        }
        try (ImageStore.ContentIngest ingest = store.ingest(lease, layer, labels)) {
            long offset = ingest.offset();
            if (offset < layer.size()) {
                progress.moved(0);
                try (InputStream in = registry.openBlob(ref, auth, layer, offset)) {
                    progress.register(in);
                    try {
                        // Whole buffers go to the store: registries hand out small reads, and
                        // one store write per read would cost more than the bytes themselves.
                        // The store takes each buffer over (no copy), so every write gets a new one.
                        byte[] buffer = new byte[BUFFER];
                        int filled = 0;
                        long received = offset;
                        int n;
                        while ((n = in.read(buffer, filled, buffer.length - filled)) >= 0) {
                            filled += n;
                            received += n;
                            progress.moved(n);
                            if (layer.size() >= 0 && received > layer.size()) {
                                throw oversize(layer);
                            }
                            if (filled == buffer.length) {
                                ingest.write(buffer, 0, filled);
                                buffer = new byte[BUFFER];
                                filled = 0;
                            }
                        }
                        if (filled > 0) {
                            ingest.write(buffer, 0, filled);
                        }
                    } finally {
                        progress.unregister(in);
                    }
                } catch (IOException e) {
                    if (progress.timedOut()) {
                        throw new JcriException.DeadlineExceeded("pull of " + ref + " cancelled: no bytes moved for "
                                + PullProgress.describe(settings.progressTimeout()));
                    }
                    throw new JcriException.Unavailable(
                            "image " + ref + ": download of layer " + layer.digest() + " from " + ref.domain()
                                    + " broke off: " + e.getMessage(),
                            e);
                }
            }
            ingest.commit();
        } catch (UncheckedIOException e) {
            throw new JcriException.Unavailable(
                    "image " + ref + ": download of layer " + layer.digest() + " failed: " + e.getMessage(), e);
        }
    }
}
