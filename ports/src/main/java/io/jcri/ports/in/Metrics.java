package io.jcri.ports.in;

import io.jcri.domain.stats.PodMetricSet;
import java.util.List;

/**
 * The CRI metrics capability (ListPodSandboxMetrics, StreamPodSandboxMetrics): every pod's values
 * of the {@link io.jcri.domain.stats.MetricCatalog} metrics, which ListMetricDescriptors describes.
 */
public interface Metrics {

    /**
     * Every pod's metrics, oldest pod first: its network counters, and each running container's
     * cgroup, process, filesystem and spec values.
     *
     * @throws io.jcri.domain.error.JcriException.Unavailable when the engine does not answer
     */
    List<PodMetricSet> pods();
}
