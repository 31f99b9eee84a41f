package io.jcri.ports.in;

import io.jcri.domain.stats.ContainerStats;
import io.jcri.domain.stats.PodStats;
import java.util.List;
import java.util.Map;

/**
 * The stats capability (ContainerStats, ListContainerStats, PodSandboxStats, ListPodSandboxStats).
 * List calls read every task's cgroup in one engine call; CPU rates come from the previous
 * reading of the same task, or, for the first one, from the task's start.
 */
public interface Stats {

    /** One container's stats; NotFound when there is no such container. */
    ContainerStats container(String idOrPrefix);

    List<ContainerStats> containers(ContainerFilter filter);

    /** One pod's stats; NotFound when there is no such pod sandbox. */
    PodStats pod(String idOrPrefix);

    List<PodStats> pods(PodFilter filter);

    /** Empty strings and maps match everything; ids may be unique prefixes. */
    record ContainerFilter(String id, String sandboxId, Map<String, String> labelSelector) {
        public static final ContainerFilter ALL = new ContainerFilter("", "", Map.of());

        public ContainerFilter {
            id = id == null ? "" : id;
            sandboxId = sandboxId == null ? "" : sandboxId;
            labelSelector = Map.copyOf(labelSelector == null ? Map.of() : labelSelector);
        }
    }

    record PodFilter(String id, Map<String, String> labelSelector) {
        public static final PodFilter ALL = new PodFilter("", Map.of());

        public PodFilter {
            id = id == null ? "" : id;
            labelSelector = Map.copyOf(labelSelector == null ? Map.of() : labelSelector);
        }
    }
}
