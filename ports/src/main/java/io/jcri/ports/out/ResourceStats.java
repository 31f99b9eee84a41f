package io.jcri.ports.out;

import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.FsUsage;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Resource readings from the engine: tasks' cgroups and snapshots' disk use. */
public interface ResourceStats {

    /**
     * The cgroup readings of the given tasks, by container id, in one engine call. Tasks without a
     * reading (no task, not started, gone) are absent; an empty {@code containerIds} asks nothing.
     *
     * @throws io.jcri.domain.error.JcriException.Unavailable when the engine does not answer
     */
    Map<String, CgroupSample> tasks(Collection<String> containerIds);

    /** Bytes and inodes of an active snapshot (a container's writable layer), if it exists. */
    Optional<FsUsage> writableLayer(String snapshotter, String key);
}
