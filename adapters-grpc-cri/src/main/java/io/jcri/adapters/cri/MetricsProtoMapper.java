package io.jcri.adapters.cri;

import io.jcri.cri.v1.ContainerMetrics;
import io.jcri.cri.v1.Metric;
import io.jcri.cri.v1.MetricDescriptor;
import io.jcri.cri.v1.MetricType;
import io.jcri.cri.v1.PodSandboxMetrics;
import io.jcri.cri.v1.UInt64Value;
import io.jcri.domain.stats.MetricCatalog;
import io.jcri.domain.stats.MetricValue;
import io.jcri.domain.stats.PodMetricSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The metric catalogue and pods' metric values: domain records to CRI messages. */
final class MetricsProtoMapper {
    private MetricsProtoMapper() {}

    /** One descriptor per catalogue row: name, help and label keys. */
    static List<MetricDescriptor> descriptors() {
        return Arrays.stream(MetricCatalog.values())
                .map(m -> MetricDescriptor.newBuilder()
                        .setName(m.metricName())
                        .setHelp(m.help())
                        .addAllLabelKeys(m.labelKeys())
                        .build())
                .toList();
    }

    /** A pod's values and its containers', all stamped {@code at}. */
    static PodSandboxMetrics pod(PodMetricSet s, Instant at) {
        long nanos = SandboxProtoMapper.nanos(at);
        PodSandboxMetrics.Builder b = PodSandboxMetrics.newBuilder().setPodSandboxId(s.podId());
        s.values().forEach(v -> b.addMetrics(metric(v, nanos)));
        for (PodMetricSet.ContainerMetricSet c : s.containers()) {
            ContainerMetrics.Builder cm = ContainerMetrics.newBuilder().setContainerId(c.containerId());
            c.values().forEach(v -> cm.addMetrics(metric(v, nanos)));
            b.addContainerMetrics(cm);
        }
        return b.build();
    }

    static Metric metric(MetricValue v, long nanos) {
        return Metric.newBuilder()
                .setName(v.metric().metricName())
                .setTimestamp(nanos)
                .setMetricType(v.metric().type() == MetricCatalog.Type.COUNTER ? MetricType.COUNTER : MetricType.GAUGE)
                .addAllLabelValues(v.labelValues())
                .setValue(UInt64Value.newBuilder().setValue(Math.max(0, v.value())))
                .build();
    }
}
