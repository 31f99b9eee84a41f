package io.jcri.ports.application.stats;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.ContainerReading;
import io.jcri.domain.stats.FsCapacity;
import io.jcri.domain.stats.FsUsage;
import io.jcri.domain.stats.InterfaceCounters;
import io.jcri.domain.stats.MetricLabels;
import io.jcri.domain.stats.MetricValues;
import io.jcri.domain.stats.PodMetricSet;
import io.jcri.domain.stats.PodReading;
import io.jcri.domain.stats.ProcessTotals;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.Metrics;
import io.jcri.ports.out.NetworkCounters;
import io.jcri.ports.out.ResourceStats;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Metrics} over the engine's cgroup readings (one batched call for every running
 * container), the tasks' processes, the writable layers and their filesystem, and the pods' netns
 * counters. Only running containers have metrics (a container without a task has no cgroup); a
 * reading that fails for one container leaves its metrics out, not the others'.
 */
public final class MetricsService implements Metrics {
    private static final Logger log = Logger.getLogger(MetricsService.class.getName());

    private final Sandboxes sandboxes;
    private final Containers containers;
    private final ResourceStats resources;
    private final NetworkCounters network;
    private final Clock clock;

    public MetricsService(
            Sandboxes sandboxes, Containers containers, ResourceStats resources, NetworkCounters network, Clock clock) {
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.resources = resources;
        this.network = network;
        this.clock = clock;
    }

    @Override
    public List<PodMetricSet> pods() {
        List<Sandbox> pods = sandboxes.list().stream()
                .sorted(Comparator.comparing(Sandbox::createdAt).thenComparing(Sandbox::id))
                .toList();
        Map<String, List<Container>> running = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (Sandbox s : pods) {
            List<Container> in = containers.inSandbox(s.id()).stream()
                    .filter(Container::running)
                    .sorted(Comparator.comparing((Container c) -> c.metadata().createdAt())
                            .thenComparing(Container::id))
                    .toList();
            running.put(s.id(), in);
            in.forEach(c -> ids.add(c.id()));
        }
        Map<String, CgroupSample> samples = ids.isEmpty() ? Map.of() : resources.tasks(ids);
        Instant now = clock.instant();
        Map<String, Optional<FsCapacity>> filesystems = new HashMap<>();
        List<PodMetricSet> out = new ArrayList<>();
        for (Sandbox s : pods) {
            List<PodMetricSet.ContainerMetricSet> cs = new ArrayList<>();
            for (Container c : running.get(s.id())) {
                ContainerReading r = reading(s, c, samples.get(c.id()), now, filesystems);
                cs.add(new PodMetricSet.ContainerMetricSet(c.id(), MetricValues.of(r)));
            }
            PodReading pod = new PodReading(podLabels(s), interfaces(s));
            out.add(new PodMetricSet(s.id(), MetricValues.of(pod), cs));
        }
        return out;
    }

    private ContainerReading reading(
            Sandbox s, Container c, CgroupSample sample, Instant now, Map<String, Optional<FsCapacity>> filesystems) {
        Instant startedAt = c.state() instanceof ContainerState.Running r
                ? r.startedAt()
                : c.metadata().createdAt();
        FsUsage layer = optional(
                        "writable layer",
                        c,
                        () -> resources.writableLayer(c.metadata().snapshotter(), c.id()))
                .orElse(null);
        FsCapacity fs = null;
        if (layer != null && !layer.mountpoint().isEmpty()) {
            fs = filesystems
                    .computeIfAbsent(
                            layer.mountpoint(), m -> optional("filesystem " + m, c, () -> resources.filesystem(m)))
                    .orElse(null);
        }
        ProcessTotals processes = optional("processes", c, () -> resources.processes(c.id(), c.pid()))
                .orElse(null);
        MetricLabels labels = new MetricLabels(
                c.metadata().name(),
                c.id(),
                c.metadata().imageName(),
                s.config().namespace(),
                s.config().name());
        return new ContainerReading(labels, now, startedAt, c.resources(), sample, processes, layer, fs);
    }

    private static MetricLabels podLabels(Sandbox s) {
        return new MetricLabels(
                MetricLabels.POD,
                s.id(),
                s.image(),
                s.config().namespace(),
                s.config().name());
    }

    private List<InterfaceCounters> interfaces(Sandbox s) {
        if (s.hostNetwork() || !s.ready() || s.pid() <= 0) {
            return List.of();
        }
        return network.interfaces(s.pid());
    }

    /** One optional reading of one container; a failure is logged and reads as absent. */
    private static <T> Optional<T> optional(String what, Container c, Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (JcriException e) {
            log.log(Level.FINE, what + " of container " + c.id() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
