package io.jcri.adapters.containerd.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.containerd.cgroups.v1.CPUStat;
import io.jcri.containerd.cgroups.v1.CPUUsage;
import io.jcri.containerd.cgroups.v1.MemoryEntry;
import io.jcri.containerd.cgroups.v1.MemoryStat;
import io.jcri.containerd.cgroups.v1.PidsStat;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.task.TaskMetrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CgroupMetricsTest {
    static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void v1UsesTheHierarchicalCountersAndTheUsageEntry() {
        byte[] data = io.jcri.containerd.cgroups.v1.Metrics.newBuilder()
                .setCpu(CPUStat.newBuilder().setUsage(CPUUsage.newBuilder().setTotal(123_456_789L)))
                .setMemory(MemoryStat.newBuilder()
                        .setUsage(MemoryEntry.newBuilder().setUsage(50_000_000L).setLimit(9223372036854771712L))
                        .setInactiveFile(1)
                        .setTotalInactiveFile(8_000_000L)
                        .setRss(2)
                        .setTotalRss(30_000_000L)
                        .setTotalPgFault(900)
                        .setTotalPgMajFault(4))
                .setPids(PidsStat.newBuilder().setCurrent(3))
                .build()
                .toByteArray();
        CgroupSample s = CgroupMetrics.decode(new TaskMetrics("c1", AT, CgroupMetrics.V1, data));
        assertThat(s.timestamp()).isEqualTo(AT);
        assertThat(s.cpuUsageNanos()).isEqualTo(123_456_789L);
        assertThat(s.memoryUsageBytes()).isEqualTo(50_000_000L);
        assertThat(s.workingSetBytes()).isEqualTo(42_000_000L);
        assertThat(s.rssBytes()).isEqualTo(30_000_000L);
        assertThat(s.pageFaults()).isEqualTo(900);
        assertThat(s.majorPageFaults()).isEqualTo(4);
        assertThat(s.availableBytes()).as("v1's no-limit value").isZero();
        assertThat(s.processes()).isEqualTo(3);
    }

    @Test
    void v2ConvertsMicrosecondsAndReadsTheFlatMemoryStat() {
        byte[] data = io.jcri.containerd.cgroups.v2.Metrics.newBuilder()
                .setCpu(io.jcri.containerd.cgroups.v2.CPUStat.newBuilder().setUsageUsec(2_500_000L))
                .setMemory(io.jcri.containerd.cgroups.v2.MemoryStat.newBuilder()
                        .setUsage(10_000_000L)
                        .setInactiveFile(1_000_000L)
                        .setAnon(6_000_000L)
                        .setPgfault(77)
                        .setPgmajfault(1)
                        .setUsageLimit(20_000_000L))
                .setPids(io.jcri.containerd.cgroups.v2.PidsStat.newBuilder().setCurrent(2))
                .build()
                .toByteArray();
        CgroupSample s =
                CgroupMetrics.decode(new TaskMetrics("c2", AT, "type.googleapis.com/" + CgroupMetrics.V2, data));
        assertThat(s.cpuUsageNanos()).isEqualTo(2_500_000_000L);
        assertThat(s.workingSetBytes()).isEqualTo(9_000_000L);
        assertThat(s.rssBytes()).isEqualTo(6_000_000L);
        assertThat(s.pageFaults()).isEqualTo(77);
        assertThat(s.availableBytes()).isEqualTo(11_000_000L);
        assertThat(s.processes()).isEqualTo(2);
    }

    @Test
    void unknownTypesAndBadBytesNameTheTask() {
        assertThatThrownBy(() -> CgroupMetrics.decode(new TaskMetrics("c3", AT, "x.Other", new byte[0])))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageContaining("c3")
                .hasMessageContaining("x.Other");
        assertThatThrownBy(() ->
                        CgroupMetrics.decode(new TaskMetrics("c4", AT, CgroupMetrics.V1, new byte[] {(byte) 0xff})))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageContaining("c4");
    }
}
