package io.jcri.ports.out;

import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.FsCapacity;
import io.jcri.domain.stats.FsUsage;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.ProcessTotals;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Resource readings from the engine and the node: tasks' cgroups and processes, snapshots' disk use
 * and the filesystem under them.
 */
public interface ResourceStats {

    /**
     * The cgroup readings of the given tasks, by container id, in one engine call. Tasks without a
     * reading (no task, not started, gone) are absent; an empty {@code containerIds} asks nothing.
     *
     * @throws io.jcri.domain.error.JcriException.Unavailable when the engine does not answer
     */
    Map<String, CgroupSample> tasks(Collection<String> containerIds);

    /**
     * The pressure stall information of a pod's cgroup (the parent of its sandbox task's), on
     * cgroup v2; empty on v1, without PSI, or when the task is gone.
     */
    Optional<PressureReadings> podPressure(String sandboxId);

    /** Bytes and inodes of an active snapshot (a container's writable layer), if it exists. */
    Optional<FsUsage> writableLayer(String snapshotter, String key);

    /**
     * What the processes of a running task hold (threads, open descriptors, sockets), and the
     * open-files soft limit of {@code firstPid}, its first process; empty when the task is gone.
     */
    Optional<ProcessTotals> processes(String containerId, int firstPid);

    /** Size and inodes of the filesystem holding {@code path}; empty when it cannot be read. */
    Optional<FsCapacity> filesystem(String path);
}
