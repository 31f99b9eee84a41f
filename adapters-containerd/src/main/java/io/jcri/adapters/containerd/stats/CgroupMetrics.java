package io.jcri.adapters.containerd.stats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jcri.containerd.cgroups.v1.MemoryStat;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.task.TaskMetrics;

/**
 * Decodes a task's metrics as containerd sends them ({@code io.containerd.cgroups.v1.Metrics} on
 * cgroup v1, {@code io.containerd.cgroups.v2.Metrics} on v2) into one {@link CgroupSample}. On v1
 * the hierarchical ({@code total_*}) memory counters are used, as they include child cgroups.
 */
final class CgroupMetrics {
    static final String V1 = "io.containerd.cgroups.v1.Metrics";
    static final String V2 = "io.containerd.cgroups.v2.Metrics";

    private CgroupMetrics() {}

    static CgroupSample decode(TaskMetrics m) {
        String type = m.typeUrl();
        try {
            if (type.endsWith(V1)) {
                return v1(m, io.jcri.containerd.cgroups.v1.Metrics.parseFrom(m.data()));
            }
            if (type.endsWith(V2)) {
                return v2(m, io.jcri.containerd.cgroups.v2.Metrics.parseFrom(m.data()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new JcriException.Internal(
                    "metrics of task " + m.containerId() + " (" + type + ") cannot be decoded: " + e.getMessage(), e);
        }
        throw new JcriException.Internal(
                "metrics of task " + m.containerId() + " have an unknown type \"" + type + "\"");
    }

    private static CgroupSample v1(TaskMetrics m, io.jcri.containerd.cgroups.v1.Metrics x) {
        MemoryStat mem = x.getMemory();
        return new CgroupSample(
                m.timestamp(),
                x.getCpu().getUsage().getTotal(),
                mem.getUsage().getUsage(),
                mem.getTotalInactiveFile(),
                mem.getTotalRss(),
                mem.getTotalPgFault(),
                mem.getTotalPgMajFault(),
                mem.getUsage().getLimit(),
                x.getPids().getCurrent());
    }

    private static CgroupSample v2(TaskMetrics m, io.jcri.containerd.cgroups.v2.Metrics x) {
        io.jcri.containerd.cgroups.v2.MemoryStat mem = x.getMemory();
        return new CgroupSample(
                m.timestamp(),
                x.getCpu().getUsageUsec() * 1000L,
                mem.getUsage(),
                mem.getInactiveFile(),
                mem.getAnon(),
                mem.getPgfault(),
                mem.getPgmajfault(),
                mem.getUsageLimit(),
                x.getPids().getCurrent());
    }
}
