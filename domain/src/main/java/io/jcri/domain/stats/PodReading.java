package io.jcri.domain.stats;

import java.util.List;
import java.util.Objects;

/** What a pod's own metrics are computed from: the counters of its netns (none on the host network). */
public record PodReading(MetricLabels labels, List<InterfaceCounters> interfaces) {
    public PodReading {
        Objects.requireNonNull(labels, "labels");
        interfaces = List.copyOf(interfaces);
    }
}
