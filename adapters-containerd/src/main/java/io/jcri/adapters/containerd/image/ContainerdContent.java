package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.Content;
import io.jcri.domain.image.Descriptor;
import io.jcri.ports.out.ImageStore;
import java.util.Map;

/** Blobs in containerd's content service: presence, writes under a lease (by ref {@code jcri-<digest>}), labels, reads of image documents. */
final class ContainerdContent {
    private static final int MAX_DOCUMENT = 8 << 20;

    private final Content content;
    private final ContainerdLeases leases;

    ContainerdContent(Content content, ContainerdLeases leases) {
        this.content = content;
        this.leases = leases;
    }

    boolean has(String digest) {
        return content.has(digest);
    }

    /** Whether the blob is present, adding it to {@code lease} when it is. */
    boolean hold(ImageStore.PullLease lease, String digest) {
        if (!has(digest)) {
            return false;
        }
        leases.add(lease, "content", digest);
        // it may have been collected between the check and the lease
        return has(digest);
    }

    /** A writer of {@code blob} under {@code lease}, resuming an interrupted write of it. */
    ContentWriter ingest(ImageStore.PullLease lease, Descriptor blob, Map<String, String> labels) {
        return ContentWriter.open(content.leased(lease.id()), "jcri-" + blob.digest(), blob, labels);
    }

    /** Writes a small blob whole; present content is held by the lease and gets {@code labels}. */
    void put(ImageStore.PullLease lease, Descriptor blob, byte[] bytes, Map<String, String> labels) {
        if (hold(lease, blob.digest())) {
            if (!labels.isEmpty()) {
                content.label(blob.digest(), labels);
            }
            return;
        }
        try (ContentWriter w = ingest(lease, blob, labels)) {
            w.writeAll(bytes);
        }
    }

    /** The whole blob {@code digest}, which must be an image document (at most 8 MiB). */
    byte[] read(String digest) {
        return content.read(digest, MAX_DOCUMENT, "an image document");
    }
}
