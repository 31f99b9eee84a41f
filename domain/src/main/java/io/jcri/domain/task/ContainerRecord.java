package io.jcri.domain.task;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A container as the engine keeps it: what was created, plus the engine's timestamps. */
public record ContainerRecord(
        String id,
        String image,
        OciRuntime runtime,
        String ociSpecJson,
        String snapshotter,
        String snapshotKey,
        Map<String, String> labels,
        Map<String, String> extensions,
        Instant createdAt,
        Instant updatedAt) {
    public ContainerRecord {
        Objects.requireNonNull(id, "id");
        image = image == null ? "" : image;
        Objects.requireNonNull(runtime, "runtime");
        ociSpecJson = ociSpecJson == null ? "" : ociSpecJson;
        snapshotter = snapshotter == null ? "" : snapshotter;
        snapshotKey = snapshotKey == null ? "" : snapshotKey;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A label's value, or empty. */
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
