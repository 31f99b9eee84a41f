package io.jcri.domain.task;

import io.jcri.domain.error.JcriException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What jcri asks the engine to keep for a new container. Nothing here changes later except
 * labels: what must survive a jcri restart goes into the labels (small strings) and extensions
 * (larger JSON documents, such as the CRI config).
 *
 * @param id the container's id (unique in jcri's namespace)
 * @param image the image reference the container was made from (may be empty)
 * @param runtime the shim and its runc options
 * @param ociSpecJson the OCI runtime spec, a JSON document
 * @param snapshotter the snapshotter holding the root filesystem (empty when the spec's
 *     root.path names a directory)
 * @param snapshotKey the active snapshot that is the root filesystem (empty likewise)
 * @param labels string metadata; keys and values follow containerd's label limits (4 KiB)
 * @param extensions named JSON documents
 * @param heldSnapshots keys of further snapshots (in {@code snapshotter}) the record keeps from
 *     the engine's garbage collector as long as it exists, such as the views of image volumes
 */
public record NewContainerRecord(
        String id,
        String image,
        OciRuntime runtime,
        String ociSpecJson,
        String snapshotter,
        String snapshotKey,
        Map<String, String> labels,
        Map<String, String> extensions,
        List<String> heldSnapshots) {
    public NewContainerRecord {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new JcriException.InvalidArgument("container id is empty");
        }
        image = image == null ? "" : image;
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(ociSpecJson, "ociSpecJson");
        snapshotter = snapshotter == null ? "" : snapshotter;
        snapshotKey = snapshotKey == null ? "" : snapshotKey;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        heldSnapshots = heldSnapshots == null ? List.of() : List.copyOf(heldSnapshots);
    }

    /** A record that holds no snapshot beyond its root filesystem. */
    public NewContainerRecord(
            String id,
            String image,
            OciRuntime runtime,
            String ociSpecJson,
            String snapshotter,
            String snapshotKey,
            Map<String, String> labels,
            Map<String, String> extensions) {
        this(id, image, runtime, ociSpecJson, snapshotter, snapshotKey, labels, extensions, List.of());
    }
}
