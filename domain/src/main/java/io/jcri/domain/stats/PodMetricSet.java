package io.jcri.domain.stats;

import java.util.List;
import java.util.Objects;

/** A pod's metrics: its own (network), and each running container's. */
public record PodMetricSet(String podId, List<MetricValue> values, List<ContainerMetricSet> containers) {
    public PodMetricSet {
        Objects.requireNonNull(podId, "podId");
        values = List.copyOf(values);
        containers = List.copyOf(containers);
    }

    /** One container's metrics. */
    public record ContainerMetricSet(String containerId, List<MetricValue> values) {
        public ContainerMetricSet {
            Objects.requireNonNull(containerId, "containerId");
            values = List.copyOf(values);
        }
    }
}
