package io.jcri.domain.stats;

import java.time.Instant;
import java.util.Objects;

/** What a writable layer takes: bytes and inodes, on the filesystem mounted at {@code mountpoint}. */
public record FsUsage(Instant timestamp, String mountpoint, long usedBytes, long inodesUsed) {
    public FsUsage {
        Objects.requireNonNull(timestamp, "timestamp");
        mountpoint = mountpoint == null ? "" : mountpoint;
    }
}
