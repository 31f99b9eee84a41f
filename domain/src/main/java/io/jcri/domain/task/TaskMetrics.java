package io.jcri.domain.task;

import java.time.Instant;
import java.util.Objects;

/**
 * A task's raw resource statistics as the engine encodes them: {@code typeUrl} says the message
 * type ({@code io.containerd.cgroups.v1.Metrics} on cgroup v1, {@code
 * io.containerd.cgroups.v2.Metrics} on v2) and {@code data} holds its protobuf bytes.
 */
public record TaskMetrics(String containerId, Instant timestamp, String typeUrl, byte[] data) {
    public TaskMetrics {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(timestamp, "timestamp");
        typeUrl = typeUrl == null ? "" : typeUrl;
        data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
