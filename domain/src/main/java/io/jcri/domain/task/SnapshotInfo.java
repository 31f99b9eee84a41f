package io.jcri.domain.task;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A snapshot as the snapshotter describes it. {@code parent} is empty for a base layer. */
public record SnapshotInfo(String name, String parent, Kind kind, Map<String, String> labels, Instant createdAt) {
    /** Active snapshots are writable (a container's rootfs); committed ones are image layers. */
    public enum Kind {
        ACTIVE,
        COMMITTED,
        VIEW,
        UNKNOWN
    }

    public SnapshotInfo {
        Objects.requireNonNull(name, "name");
        parent = parent == null ? "" : parent;
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
