package io.jcri.domain.stats;

import io.jcri.domain.container.LinuxResources;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one running container's metrics are computed from; each reading is {@code null} when it
 * could not be taken (the task went away, the snapshot is not measurable).
 *
 * @param seenAt when the readings were taken
 * @param startedAt when the container's process started
 * @param spec the resources the container was given (its CRI config, or the last update)
 * @param cgroup its task's cgroup reading
 * @param processes what its processes hold (from /proc)
 * @param layer its writable layer's use
 * @param filesystem the filesystem holding that layer
 */
public record ContainerReading(
        MetricLabels labels,
        Instant seenAt,
        Instant startedAt,
        LinuxResources spec,
        @Nullable CgroupSample cgroup,
        @Nullable ProcessTotals processes,
        @Nullable FsUsage layer,
        @Nullable FsCapacity filesystem) {
    public ContainerReading {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(seenAt, "seenAt");
        Objects.requireNonNull(startedAt, "startedAt");
        spec = spec == null ? LinuxResources.NONE : spec;
    }
}
