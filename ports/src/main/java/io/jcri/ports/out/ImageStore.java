package io.jcri.ports.out;

import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.ImageFsUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where pulled images live: content (blobs), snapshots unpacked from layers, and named image
 * records. Everything written during a pull is held by a lease so garbage collection cannot take a
 * half-pulled image.
 */
public interface ImageStore {
    /**
     * A lease that holds everything written under it until closed (then GC labels decide), or
     * for a while after {@link PullLease#retain()}.
     */
    PullLease lease(String purpose);

    boolean hasContent(String digest);

    /**
     * Whether the blob is present; a present blob is added to the lease, so garbage collection
     * keeps it until the pull is over (an unreferenced blob may otherwise go at any moment).
     */
    boolean holdContent(PullLease lease, String digest);

    /** Starts (or resumes) writing a blob that will be verified against {@code blob} at commit. */
    ContentIngest ingest(PullLease lease, Descriptor blob, Map<String, String> labels);

    /** Writes a small blob whole; present content is added to the lease and gets its labels updated. */
    void putContent(PullLease lease, Descriptor blob, byte[] bytes, Map<String, String> labels);

    /**
     * Unpacks the layers into snapshots named by chain IDs, skipping those already there (which
     * are added to the lease).
     */
    void unpack(PullLease lease, List<Descriptor> layers, List<String> diffIds);

    /**
     * As {@link #unpack(PullLease, List, List)}, into {@code snapshotter} (a runtime handler's).
     *
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition where the store has only its
     *     own snapshotter
     */
    default void unpack(PullLease lease, String snapshotter, List<Descriptor> layers, List<String> diffIds) {
        if (!snapshotter.equals(snapshotter())) {
            throw new io.jcri.domain.error.JcriException.FailedPrecondition(
                    "this image store unpacks into " + snapshotter() + " only, not " + snapshotter);
        }
        unpack(lease, layers, diffIds);
    }

    /**
     * Whether the snapshot {@code chainId} (an image's top chain ID; empty for an image of no
     * layers) is unpacked in {@code snapshotter}.
     */
    default boolean unpacked(String snapshotter, String chainId) {
        return snapshotter.equals(snapshotter());
    }

    /** Creates or updates the image record {@code name} → {@code target}. */
    void putImage(String name, Descriptor target, Map<String, String> labels);

    /** Every image record, with what its content says. */
    List<StoredImage> images();

    /** The record {@code name}, with what its content says; empty when there is none. */
    default Optional<StoredImage> image(String name) {
        return images().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * Tells {@code listener} of every change to image records from now on, while the returned
     * subscription is connected. By default nothing is told: a store that cannot watch its records
     * answers with a subscription that is never connected.
     */
    default EventSubscription watch(ImageRecordListener listener) {
        return EventSubscription.none();
    }

    /** Deletes the record {@code name}; {@code collect} runs garbage collection before returning. */
    void deleteImage(String name, boolean collect);

    /** What image layers take on the image filesystem (committed snapshots). */
    List<ImageFsUsage> usage();

    /**
     * What containers' writable layers take (active snapshots), on the filesystem that holds
     * them; none by default, for a store that does not tell them apart.
     */
    default List<ImageFsUsage> containerUsage() {
        return List.of();
    }

    /** The snapshotter images are unpacked into (its name goes into GC labels). */
    String snapshotter();

    /**
     * A pull's hold on what it writes (blobs, snapshots), taken from the engine's leases;
     * distinct from {@link io.jcri.domain.task.Lease}, the engine's lease record.
     */
    interface PullLease extends AutoCloseable {
        String id();

        /**
         * Keeps what the lease holds (downloaded blobs, partial downloads) for a while after a
         * failed pull, so the next attempt reuses it; {@link #close()} then leaves it to expire.
         */
        void retain();

        @Override
        void close();
    }

    /** A blob being written. */
    interface ContentIngest extends AutoCloseable {
        /** Bytes already written by an earlier, interrupted attempt. */
        long offset();

        /**
         * Appends {@code length} bytes of {@code buffer}. The store takes the array over (it may
         * send it on without copying): the caller must not change it afterwards.
         */
        void write(byte[] buffer, int offset, int length);

        /** Commits the blob; the store verifies its size and digest. */
        void commit();

        /** Releases the writer; uncommitted bytes stay for a resumed attempt. */
        @Override
        void close();
    }

    /**
     * One image record.
     *
     * @param name the record's name
     * @param target what it points at (index or manifest)
     * @param configDigest the platform manifest's config digest: the image ID
     * @param size manifest, config and layer bytes
     * @param config the parsed config
     * @param configJson the config document
     * @param labels the record's labels
     */
    record StoredImage(
            String name,
            Descriptor target,
            String configDigest,
            long size,
            ImageConfig config,
            String configJson,
            Map<String, String> labels) {}
}
