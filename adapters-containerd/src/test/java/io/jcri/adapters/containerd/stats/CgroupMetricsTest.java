package io.jcri.adapters.containerd.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.containerd.cgroups.v1.BlkIOEntry;
import io.jcri.containerd.cgroups.v1.BlkIOStat;
import io.jcri.containerd.cgroups.v1.CPUStat;
import io.jcri.containerd.cgroups.v1.CPUUsage;
import io.jcri.containerd.cgroups.v1.HugetlbStat;
import io.jcri.containerd.cgroups.v1.MemoryEntry;
import io.jcri.containerd.cgroups.v1.MemoryOomControl;
import io.jcri.containerd.cgroups.v1.MemoryStat;
import io.jcri.containerd.cgroups.v1.PidsStat;
import io.jcri.containerd.cgroups.v1.Throttle;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.stats.CgroupDetail;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.SwapReading;
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
    void v1DetailSplitsCpuSubtractsMemoryFromMemswAndJoinsBlockIoBytesWithCounts() {
        byte[] data = io.jcri.containerd.cgroups.v1.Metrics.newBuilder()
                .setCpu(CPUStat.newBuilder()
                        .setUsage(CPUUsage.newBuilder().setTotal(9).setUser(6).setKernel(3))
                        .setThrottling(Throttle.newBuilder()
                                .setPeriods(40)
                                .setThrottledPeriods(5)
                                .setThrottledTime(700)))
                .setMemory(MemoryStat.newBuilder()
                        .setUsage(MemoryEntry.newBuilder()
                                .setUsage(1000)
                                .setMax(1500)
                                .setFailcnt(2))
                        .setSwap(MemoryEntry.newBuilder().setUsage(1300))
                        .setKernel(MemoryEntry.newBuilder().setUsage(120))
                        .setTotalCache(400)
                        .setTotalMappedFile(50)
                        .setPgFault(30)
                        .setTotalPgFault(35)
                        .setPgMajFault(1))
                .setMemoryOomControl(MemoryOomControl.newBuilder().setOomKill(2))
                .setPids(PidsStat.newBuilder().setCurrent(3).setLimit(1024))
                .setBlkio(BlkIOStat.newBuilder()
                        .addIoServiceBytesRecursive(blk("/dev/vda", "Read", 4096))
                        .addIoServiceBytesRecursive(blk("", "Write", 8192))
                        .addIoServicedRecursive(blk("/dev/vda", "Read", 3))
                        .addIoServicedRecursive(blk("", "Write", 2)))
                .addHugetlb(
                        HugetlbStat.newBuilder().setPagesize("2MB").setUsage(2).setMax(4))
                .build()
                .toByteArray();
        CgroupDetail d = CgroupMetrics.decode(new TaskMetrics("c1", AT, CgroupMetrics.V1, data))
                .detail();
        assertThat(d.cpu()).isEqualTo(new CgroupDetail.Cpu(6, 3, 40, 5, 700));
        assertThat(d.memory()).isEqualTo(new CgroupDetail.Memory(400, 50, 120, 300, 2, 1500, 30, 1, 2));
        assertThat(d.threadsLimit()).isEqualTo(1024);
        assertThat(d.blockIo())
                .containsExactly(
                        new CgroupDetail.BlockIo("/dev/vda", 254, 0, "Read", 4096, 3),
                        new CgroupDetail.BlockIo("254:0", 254, 0, "Write", 8192, 2));
        assertThat(d.hugetlb()).containsExactly(new CgroupDetail.Hugetlb("2MB", 2, 4));
        assertThat(d.pressure()).as("v1 has no PSI").isNull();
    }

    @Test
    void v1WithoutSwapAccountingReportsNoSwap() {
        byte[] data = io.jcri.containerd.cgroups.v1.Metrics.newBuilder()
                .setMemory(MemoryStat.newBuilder()
                        .setUsage(MemoryEntry.newBuilder().setUsage(1000)))
                .build()
                .toByteArray();
        assertThat(CgroupMetrics.decode(new TaskMetrics("c1", AT, CgroupMetrics.V1, data))
                        .detail()
                        .memory()
                        .swapBytes())
                .isZero();
    }

    @Test
    void v2DetailConvertsMicrosecondsAndReadsEventsIoAndPressure() {
        var v2 = io.jcri.containerd.cgroups.v2.Metrics.newBuilder()
                .setCpu(io.jcri.containerd.cgroups.v2.CPUStat.newBuilder()
                        .setUserUsec(6)
                        .setSystemUsec(3)
                        .setNrPeriods(40)
                        .setNrThrottled(5)
                        .setThrottledUsec(7)
                        .setPsi(psi(100, 50)))
                .setMemory(io.jcri.containerd.cgroups.v2.MemoryStat.newBuilder()
                        .setFile(400)
                        .setFileMapped(50)
                        .setKernelStack(20)
                        .setSlab(100)
                        .setSwapUsage(300)
                        .setMaxUsage(1500)
                        .setPgfault(30)
                        .setPgmajfault(1))
                .setMemoryEvents(io.jcri.containerd.cgroups.v2.MemoryEvents.newBuilder()
                        .setMax(2)
                        .setOomKill(1))
                .setIo(io.jcri.containerd.cgroups.v2.IOStat.newBuilder()
                        .addUsage(io.jcri.containerd.cgroups.v2.IOEntry.newBuilder()
                                .setMajor(8)
                                .setMinor(0)
                                .setRbytes(4096)
                                .setRios(3)
                                .setWbytes(512)
                                .setWios(1))
                        .setPsi(psi(30, 10)))
                .setPids(io.jcri.containerd.cgroups.v2.PidsStat.newBuilder().setLimit(64))
                .addHugetlb(io.jcri.containerd.cgroups.v2.HugeTlbStat.newBuilder()
                        .setPagesize("2MB")
                        .setCurrent(2)
                        .setMax(8));
        CgroupDetail d = CgroupMetrics.decode(
                        new TaskMetrics("c2", AT, CgroupMetrics.V2, v2.build().toByteArray()))
                .detail();
        assertThat(d.cpu()).isEqualTo(new CgroupDetail.Cpu(6000, 3000, 40, 5, 7000));
        assertThat(d.memory()).isEqualTo(new CgroupDetail.Memory(400, 50, 120, 300, 2, 1500, 30, 1, 1));
        assertThat(d.blockIo())
                .containsExactly(
                        new CgroupDetail.BlockIo("8:0", 8, 0, "Read", 4096, 3),
                        new CgroupDetail.BlockIo("8:0", 8, 0, "Write", 512, 1));
        assertThat(d.hugetlb()).as("v2's max is a limit").containsExactly(new CgroupDetail.Hugetlb("2MB", 2, -1));
        assertThat(d.threadsLimit()).isEqualTo(64);
        assertThat(d.pressure()).isEqualTo(new CgroupDetail.Pressure(100, 50, 0, 0, 30, 10));

        var noPsi = v2.setCpu(io.jcri.containerd.cgroups.v2.CPUStat.getDefaultInstance())
                .setIo(io.jcri.containerd.cgroups.v2.IOStat.getDefaultInstance());
        assertThat(CgroupMetrics.decode(new TaskMetrics(
                                "c2", AT, CgroupMetrics.V2, noPsi.build().toByteArray()))
                        .detail()
                        .pressure())
                .isNull();
    }

    static BlkIOEntry blk(String device, String op, long value) {
        return BlkIOEntry.newBuilder()
                .setDevice(device)
                .setMajor(254)
                .setMinor(0)
                .setOp(op)
                .setValue(value)
                .build();
    }

    static io.jcri.containerd.cgroups.v2.PSIStats psi(long some, long full) {
        return io.jcri.containerd.cgroups.v2.PSIStats.newBuilder()
                .setSome(io.jcri.containerd.cgroups.v2.PSIData.newBuilder().setTotal(some))
                .setFull(io.jcri.containerd.cgroups.v2.PSIData.newBuilder().setTotal(full))
                .build();
    }

    @Test
    void v2CarriesSwapAndPressureWithAveragesAndV1NeitherAtAll() {
        byte[] v2 = io.jcri.containerd.cgroups.v2.Metrics.newBuilder()
                .setCpu(io.jcri.containerd.cgroups.v2.CPUStat.newBuilder()
                        .setPsi(io.jcri.containerd.cgroups.v2.PSIStats.newBuilder()
                                .setSome(io.jcri.containerd.cgroups.v2.PSIData.newBuilder()
                                        .setAvg10(2.5)
                                        .setAvg60(1.25)
                                        .setAvg300(0.5)
                                        .setTotal(900))))
                .setMemory(io.jcri.containerd.cgroups.v2.MemoryStat.newBuilder()
                        .setSwapUsage(8192)
                        .setSwapLimit(65536))
                .build()
                .toByteArray();
        CgroupSample s = CgroupMetrics.decode(new TaskMetrics("c5", AT, CgroupMetrics.V2, v2));
        assertThat(s.swap()).isEqualTo(new SwapReading(8192, 65536));
        assertThat(s.pressure().cpu().some()).isEqualTo(new PressureReadings.Data(900, 2.5, 1.25, 0.5));
        assertThat(s.pressure().memory()).isNull();
        assertThat(s.pressure().io()).isNull();

        byte[] v1 = io.jcri.containerd.cgroups.v1.Metrics.newBuilder()
                .setMemory(MemoryStat.newBuilder()
                        .setUsage(MemoryEntry.newBuilder().setUsage(1000))
                        .setSwap(MemoryEntry.newBuilder().setUsage(3000)))
                .build()
                .toByteArray();
        CgroupSample old = CgroupMetrics.decode(new TaskMetrics("c6", AT, CgroupMetrics.V1, v1));
        assertThat(old.swap()).as("v1: absent, not zero").isNull();
        assertThat(old.pressure()).isNull();
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
