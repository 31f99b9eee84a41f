package io.jcri.domain.task;

import java.util.Objects;

/**
 * Something a lease holds: {@code type} is {@code snapshots/<snapshotter>}, {@code content} or
 * {@code ingests}; {@code id} is the snapshot key, the digest or the ingest ref.
 */
public record LeaseResource(String type, String id) {
    public LeaseResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static LeaseResource snapshot(String snapshotter, String key) {
        return new LeaseResource("snapshots/" + snapshotter, key);
    }

    public static LeaseResource content(String digest) {
        return new LeaseResource("content", digest);
    }
}
