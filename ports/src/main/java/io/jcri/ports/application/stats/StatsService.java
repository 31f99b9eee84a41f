package io.jcri.ports.application.stats;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.naming.IdIndex;
import io.jcri.domain.naming.LabelSelector;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.ContainerStats;
import io.jcri.domain.stats.CpuRate;
import io.jcri.domain.stats.CpuUsage;
import io.jcri.domain.stats.FsUsage;
import io.jcri.domain.stats.MemoryUsage;
import io.jcri.domain.stats.NetworkUsage;
import io.jcri.domain.stats.PodStats;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.SwapUsage;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.Stats;
import io.jcri.ports.out.NetworkCounters;
import io.jcri.ports.out.ResourceStats;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Stats} over the engine's cgroup readings, snapshot usage and the pods' netns counters.
 * One batched engine call per request reads every task needed; only the previous reading of each
 * task is kept, for CPU rates (the first reading's rate is measured from the task's start).
 */
public final class StatsService implements Stats {
    private static final Logger log = Logger.getLogger(StatsService.class.getName());

    private static final java.util.Comparator<Container> BY_CREATION = java.util.Comparator.comparing(
                    (Container c) -> c.metadata().createdAt())
            .thenComparing(Container::id);

    private final Sandboxes sandboxes;
    private final Containers containers;
    private final ResourceStats resources;
    private final NetworkCounters network;
    private final Clock clock;
    private final Map<String, Kept> previous = new ConcurrentHashMap<>();

    public StatsService(
            Sandboxes sandboxes, Containers containers, ResourceStats resources, NetworkCounters network, Clock clock) {
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.resources = resources;
        this.network = network;
        this.clock = clock;
    }

    @Override
    public ContainerStats container(String idOrPrefix) {
        Container c = containers.resolve(idOrPrefix);
        return containerStats(List.of(c)).get(0);
    }

    @Override
    public List<ContainerStats> containers(ContainerFilter filter) {
        String sandboxId = filter.sandboxId();
        if (!sandboxId.isEmpty()) {
            Sandbox s = resolveSandbox(sandboxId);
            if (s == null) {
                return List.of();
            }
            sandboxId = s.id();
        }
        List<Container> selected = new ArrayList<>();
        for (Container c : containers.list()) {
            if (!filter.id().isEmpty() && !c.id().startsWith(filter.id())) {
                continue;
            }
            if (!sandboxId.isEmpty() && !c.sandboxId().equals(sandboxId)) {
                continue;
            }
            if (!LabelSelector.matches(filter.labelSelector(), c.metadata().labels())) {
                continue;
            }
            selected.add(c);
        }
        selected.sort(BY_CREATION);
        return containerStats(selected);
    }

    @Override
    public PodStats pod(String idOrPrefix) {
        Sandbox s = resolveSandbox(idOrPrefix);
        if (s == null) {
            throw new JcriException.NotFound(IdIndex.named("pod sandbox", idOrPrefix) + " does not exist");
        }
        return podStats(List.of(s)).get(0);
    }

    @Override
    public List<PodStats> pods(PodFilter filter) {
        List<Sandbox> selected = sandboxes.list().stream()
                .filter(s -> filter.id().isEmpty() || s.id().startsWith(filter.id()))
                .filter(s ->
                        LabelSelector.matches(filter.labelSelector(), s.config().labels()))
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
                .toList();
        return podStats(selected);
    }

    private Sandbox resolveSandbox(String idOrPrefix) {
        try {
            return sandboxes.resolve(idOrPrefix);
        } catch (JcriException.NotFound e) {
            return null;
        }
    }

    // ---- reading and combining ----

    private List<ContainerStats> containerStats(List<Container> selected) {
        Map<String, CgroupSample> samples = read(runningIds(selected, List.of()));
        List<ContainerStats> out = new ArrayList<>();
        for (Container c : selected) {
            out.add(stats(c, samples.get(c.id())));
        }
        forgetGone();
        return out;
    }

    private List<PodStats> podStats(List<Sandbox> selected) {
        Map<String, List<Container>> byPod = new java.util.HashMap<>();
        List<Container> all = new ArrayList<>();
        for (Sandbox s : selected) {
            List<Container> in = containers.inSandbox(s.id()).stream()
                    .sorted((a, b) ->
                            a.metadata().createdAt().compareTo(b.metadata().createdAt()))
                    .toList();
            byPod.put(s.id(), in);
            all.addAll(in);
        }
        Map<String, CgroupSample> samples = read(runningIds(all, selected));
        List<PodStats> out = new ArrayList<>();
        for (Sandbox s : selected) {
            List<ContainerStats> cs = new ArrayList<>();
            List<CgroupSample> parts = new ArrayList<>();
            long rate = 0;
            Optional.ofNullable(samples.get(s.id())).ifPresent(parts::add);
            if (samples.containsKey(s.id())) {
                rate += rate(s.id(), samples.get(s.id()), s.createdAt());
            }
            for (Container c : byPod.get(s.id())) {
                CgroupSample sample = samples.get(c.id());
                ContainerStats st = stats(c, sample);
                cs.add(st);
                if (sample != null) {
                    parts.add(sample);
                    rate += st.cpu() == null ? 0 : st.cpu().usageNanoCores();
                }
            }
            CpuUsage cpu = null;
            MemoryUsage memory = null;
            long processes = 0;
            if (!parts.isEmpty()) {
                CgroupSample sum = CgroupSample.sum(parts, clock.instant());
                cpu = new CpuUsage(sum.timestamp(), sum.cpuUsageNanos(), rate);
                memory = MemoryUsage.of(sum);
                processes = sum.processes();
            }
            out.add(new PodStats(
                    s.id(),
                    s.config().name(),
                    s.config().namespace(),
                    s.config().uid(),
                    s.config().attempt(),
                    s.config().labels(),
                    s.config().annotations(),
                    cpu,
                    memory,
                    network(s),
                    processes,
                    cs,
                    podPressure(s)));
        }
        forgetGone();
        return out;
    }

    private static List<String> runningIds(List<Container> cs, List<Sandbox> pods) {
        List<String> ids = new ArrayList<>();
        for (Sandbox s : pods) {
            if (s.ready()) {
                ids.add(s.id());
            }
        }
        for (Container c : cs) {
            if (c.running()) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    private Map<String, CgroupSample> read(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return resources.tasks(ids);
    }

    private ContainerStats stats(Container c, CgroupSample sample) {
        CpuUsage cpu = null;
        MemoryUsage memory = null;
        long processes = 0;
        if (sample != null) {
            Instant startedAt = c.state() instanceof ContainerState.Running r
                    ? r.startedAt()
                    : c.metadata().createdAt();
            cpu = new CpuUsage(sample.timestamp(), sample.cpuUsageNanos(), rate(c.id(), sample, startedAt));
            memory = MemoryUsage.of(sample);
            processes = sample.processes();
        }
        return new ContainerStats(
                c.id(),
                c.sandboxId(),
                c.metadata().name(),
                c.metadata().attempt(),
                c.metadata().labels(),
                c.metadata().annotations(),
                cpu,
                memory,
                writableLayer(c),
                processes,
                sample == null || sample.swap() == null ? null : SwapUsage.of(sample.timestamp(), sample.swap()),
                sample == null ? null : sample.pressure());
    }

    /** The pod cgroup's pressure, where the pod has a cgroup of its own (a cgroup parent). */
    private PressureReadings podPressure(Sandbox s) {
        if (!s.ready() || s.config().cgroupParent().isEmpty()) {
            return null;
        }
        try {
            return resources.podPressure(s.id()).orElse(null);
        } catch (JcriException e) {
            log.log(Level.FINE, "pressure of pod " + s.id() + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * The CPU rate against the task's previous reading, or against its start for the first; a
     * reading no newer than the kept one (two requests within one engine sample) repeats the kept
     * rate.
     */
    private long rate(String id, CgroupSample now, Instant startedAt) {
        Kept result = previous.compute(id, (k, before) -> {
            if (before == null) {
                return new Kept(now, CpuRate.nanoCores(0, startedAt, now.cpuUsageNanos(), now.timestamp()));
            }
            if (!before.sample().timestamp().isBefore(now.timestamp())) {
                return before;
            }
            return new Kept(
                    now,
                    CpuRate.nanoCores(
                            before.sample().cpuUsageNanos(),
                            before.sample().timestamp(),
                            now.cpuUsageNanos(),
                            now.timestamp()));
        });
        return result.rate();
    }

    /** The last reading of a task and the rate computed with it. */
    private record Kept(CgroupSample sample, long rate) {}

    private FsUsage writableLayer(Container c) {
        try {
            return resources.writableLayer(c.metadata().snapshotter(), c.id()).orElse(null);
        } catch (JcriException e) {
            log.log(Level.FINE, "writable layer of container " + c.id() + ": " + e.getMessage());
            return null;
        }
    }

    private NetworkUsage network(Sandbox s) {
        if (s.hostNetwork() || !s.ready() || s.pid() <= 0) {
            return null;
        }
        return new NetworkUsage(clock.instant(), network.interfaces(s.pid()));
    }

    /** Drops kept readings of tasks whose container or pod is gone. */
    private void forgetGone() {
        if (previous.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        containers.list().forEach(c -> known.add(c.id()));
        sandboxes.list().forEach(s -> known.add(s.id()));
        previous.keySet().retainAll(known);
    }
}
