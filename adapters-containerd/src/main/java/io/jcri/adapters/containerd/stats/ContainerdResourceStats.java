package io.jcri.adapters.containerd.stats;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.client.Introspection;
import io.jcri.adapters.containerd.client.Snapshots;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.FsCapacity;
import io.jcri.domain.stats.FsUsage;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.ProcessTotals;
import io.jcri.domain.task.TaskMetrics;
import io.jcri.domain.task.TaskProcess;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ResourceStats;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ResourceStats} from containerd and the node: one Tasks.Metrics call for all the tasks
 * asked, Snapshots.Usage for a writable layer (its mountpoint is the snapshotter's root, asked
 * once), Tasks.ListPids and {@code /proc} for a task's processes, statvfs for a filesystem.
 */
public final class ContainerdResourceStats implements ResourceStats {
    private static final Logger log = LoggerFactory.getLogger(ContainerdResourceStats.class);

    private final Snapshots snapshots;
    private final Introspection introspection;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final ProcTable proc;
    private final CgroupV2Files cgroupFiles;
    private final Map<String, String> roots = new ConcurrentHashMap<>();

    public ContainerdResourceStats(ContainerdClient client, ContainerRuntime runtime, Clock clock) {
        this(client, runtime, clock, Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    ContainerdResourceStats(
            ContainerdClient client, ContainerRuntime runtime, Clock clock, Path proc, Path cgroupRoot) {
        this.snapshots = client == null ? null : new Snapshots(client);
        this.introspection = client == null ? null : new Introspection(client);
        this.runtime = runtime;
        this.clock = clock;
        this.proc = new ProcTable(proc);
        this.cgroupFiles = new CgroupV2Files(proc, cgroupRoot);
    }

    @Override
    public Map<String, CgroupSample> tasks(Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return Map.of();
        }
        Map<String, CgroupSample> out = new HashMap<>();
        for (TaskMetrics m : runtime.taskMetrics(containerIds)) {
            try {
                CgroupSample sample = CgroupMetrics.decode(m);
                out.put(
                        m.containerId(),
                        m.typeUrl().endsWith(CgroupMetrics.V2) ? withFiles(m.containerId(), sample) : sample);
            } catch (JcriException.Internal e) {
                log.warn(e.getMessage());
            }
        }
        return out;
    }

    /** A v2 reading completed from the cgroup's own files where the engine sent no PSI or swap. */
    private CgroupSample withFiles(String containerId, CgroupSample s) {
        if (s.pressure() != null && s.swap() != null) {
            return s;
        }
        Optional<Path> dir = cgroupDirectory(containerId);
        if (dir.isEmpty()) {
            return s;
        }
        return s.withV2(
                s.swap() != null ? s.swap() : CgroupV2Files.swap(dir.get()),
                s.pressure() != null ? s.pressure() : CgroupV2Files.pressure(dir.get(), s.timestamp()));
    }

    private Optional<Path> cgroupDirectory(String containerId) {
        try {
            List<TaskProcess> pids = runtime.taskPids(containerId);
            return pids.isEmpty()
                    ? Optional.empty()
                    : cgroupFiles.directoryOf(pids.get(0).pid());
        } catch (JcriException e) {
            log.debug("cgroup of task {}: {}", containerId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<PressureReadings> podPressure(String sandboxId) {
        return cgroupDirectory(sandboxId)
                .map(Path::getParent)
                .map(parent -> CgroupV2Files.pressure(parent, clock.instant()));
    }

    @Override
    public Optional<FsUsage> writableLayer(String snapshotter, String key) {
        return snapshots
                .usage(snapshotter, key)
                .map(u -> new FsUsage(clock.instant(), root(snapshotter), u.bytes(), u.inodes()));
    }

    private String root(String snapshotter) {
        return roots.computeIfAbsent(
                snapshotter, s -> introspection.snapshotterRoot(s).orElse(""));
    }

    @Override
    public Optional<ProcessTotals> processes(String containerId, int firstPid) {
        List<Integer> pids;
        try {
            pids = runtime.taskPids(containerId).stream().map(TaskProcess::pid).toList();
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
        if (pids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(proc.totals(firstPid > 0 ? firstPid : pids.get(0), pids));
    }

    @Override
    public Optional<FsCapacity> filesystem(String path) {
        return Statvfs.of(Path.of(path));
    }
}
