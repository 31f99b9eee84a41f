package io.jcri.adapters.containerd.image;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.content.v1.ContentGrpc;
import io.jcri.containerd.api.services.content.v1.Info;
import io.jcri.containerd.api.services.content.v1.InfoRequest;
import io.jcri.containerd.api.services.content.v1.ReadContentRequest;
import io.jcri.containerd.api.services.content.v1.ReadContentResponse;
import io.jcri.containerd.api.services.content.v1.UpdateRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.ports.out.ImageStore;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Map;

/** Blobs in containerd's content service: presence, writes under a lease (by ref {@code jcri-<digest>}), labels, reads of image documents. */
final class ContainerdContent {
    private static final int MAX_DOCUMENT = 8 << 20;

    private final ContainerdClient client;
    private final ContainerdLeases leases;

    ContainerdContent(ContainerdClient client, ContainerdLeases leases) {
        this.client = client;
        this.leases = leases;
    }

    boolean has(String digest) {
        try {
            client.call(
                    "content info " + digest,
                    () -> ContentGrpc.newBlockingStub(client.channel())
                            .info(InfoRequest.newBuilder().setDigest(digest).build()));
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }

    /** Whether the blob is present, adding it to {@code lease} when it is. */
    boolean hold(ImageStore.Lease lease, String digest) {
        if (!has(digest)) {
            return false;
        }
        leases.add(lease, "content", digest);
        // it may have been collected between the check and the lease
        return has(digest);
    }

    /** A writer of {@code blob} under {@code lease}, resuming an interrupted write of it. */
    ContentWriter ingest(ImageStore.Lease lease, Descriptor blob, Map<String, String> labels) {
        ContentGrpc.ContentStub stub =
                ContentGrpc.newStub(client.channel()).withInterceptors(ContainerdLeases.leased(lease));
        return ContentWriter.open(client, stub, "jcri-" + blob.digest(), blob, labels);
    }

    /** Writes a small blob whole; present content is held by the lease and gets {@code labels}. */
    void put(ImageStore.Lease lease, Descriptor blob, byte[] bytes, Map<String, String> labels) {
        if (hold(lease, blob.digest())) {
            if (!labels.isEmpty()) {
                label(blob.digest(), labels);
            }
            return;
        }
        try (ContentWriter w = ingest(lease, blob, labels)) {
            w.writeAll(bytes);
        }
    }

    private void label(String digest, Map<String, String> labels) {
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.keySet().forEach(k -> mask.addPaths("labels." + k));
        client.call(
                "content labels of " + digest,
                () -> ContentGrpc.newBlockingStub(client.channel())
                        .update(UpdateRequest.newBuilder()
                                .setInfo(Info.newBuilder()
                                        .setDigest(digest)
                                        .putAllLabels(labels)
                                        .build())
                                .setUpdateMask(mask)
                                .build()));
    }

    /** The whole blob {@code digest}, which must be an image document (at most 8 MiB). */
    byte[] read(String digest) {
        return client.call("content read " + digest, () -> {
            Iterator<ReadContentResponse> it = ContentGrpc.newBlockingStub(client.channel())
                    .read(ReadContentRequest.newBuilder().setDigest(digest).build());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (it.hasNext()) {
                ByteString data = it.next().getData();
                if (out.size() + data.size() > MAX_DOCUMENT) {
                    throw new JcriException.InvalidArgument(
                            "content " + digest + " is too large for an image document");
                }
                out.writeBytes(data.toByteArray());
            }
            return out.toByteArray();
        });
    }
}
