package io.jcri.domain.task;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A lease: while it exists, the engine's garbage collector keeps what was made under it
 * (snapshots, content). It expires by itself when made with an expiry.
 */
public record Lease(String id, Map<String, String> labels, Instant createdAt) {
    public Lease {
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
