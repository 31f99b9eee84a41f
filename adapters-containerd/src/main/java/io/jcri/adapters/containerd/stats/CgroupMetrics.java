package io.jcri.adapters.containerd.stats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jcri.containerd.cgroups.v1.BlkIOEntry;
import io.jcri.containerd.cgroups.v1.MemoryStat;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.stats.CgroupDetail;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.SwapReading;
import io.jcri.domain.task.TaskMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a task's metrics as containerd sends them ({@code io.containerd.cgroups.v1.Metrics} on
 * cgroup v1, {@code io.containerd.cgroups.v2.Metrics} on v2) into one {@link CgroupSample}. On v1
 * the hierarchical ({@code total_*}) memory counters are used, as they include child cgroups; the
 * cgroup's own page faults go into the {@link CgroupDetail} beside them. Times are turned into
 * nanoseconds (v2 reports microseconds).
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
                x.getPids().getCurrent(),
                v1Detail(x));
    }

    private static CgroupDetail v1Detail(io.jcri.containerd.cgroups.v1.Metrics x) {
        var cpu = x.getCpu();
        CgroupDetail.Cpu c = new CgroupDetail.Cpu(
                cpu.getUsage().getUser(),
                cpu.getUsage().getKernel(),
                cpu.getThrottling().getPeriods(),
                cpu.getThrottling().getThrottledPeriods(),
                cpu.getThrottling().getThrottledTime());
        MemoryStat m = x.getMemory();
        // memsw counts memory and swap together; without swap accounting it reads 0
        long memsw = m.getSwap().getUsage();
        long swap = memsw > 0 ? Math.max(0, memsw - m.getUsage().getUsage()) : 0;
        CgroupDetail.Memory mem = new CgroupDetail.Memory(
                m.getTotalCache(),
                m.getTotalMappedFile(),
                m.getKernel().getUsage(),
                swap,
                m.getUsage().getFailcnt(),
                m.getUsage().getMax(),
                m.getPgFault(),
                m.getPgMajFault(),
                x.getMemoryOomControl().getOomKill());
        List<CgroupDetail.Hugetlb> hugetlb = x.getHugetlbList().stream()
                .map(h -> new CgroupDetail.Hugetlb(h.getPagesize(), h.getUsage(), h.getMax()))
                .toList();
        return new CgroupDetail(
                c,
                mem,
                x.getPids().getLimit(),
                v1BlockIo(
                        x.getBlkio().getIoServiceBytesRecursiveList(),
                        x.getBlkio().getIoServicedRecursiveList()),
                hugetlb,
                null);
    }

    /** Bytes and request counts of each device and operation, joined on major, minor and op. */
    static List<CgroupDetail.BlockIo> v1BlockIo(List<BlkIOEntry> bytes, List<BlkIOEntry> counts) {
        Map<String, Long> countOf = new LinkedHashMap<>();
        counts.forEach(e -> countOf.put(key(e), e.getValue()));
        List<CgroupDetail.BlockIo> out = new ArrayList<>();
        for (BlkIOEntry e : bytes) {
            out.add(new CgroupDetail.BlockIo(
                    device(e.getDevice(), e.getMajor(), e.getMinor()),
                    e.getMajor(),
                    e.getMinor(),
                    e.getOp(),
                    e.getValue(),
                    countOf.getOrDefault(key(e), 0L)));
        }
        return out;
    }

    private static String key(BlkIOEntry e) {
        return e.getMajor() + ":" + e.getMinor() + ":" + e.getOp();
    }

    private static String device(String name, long major, long minor) {
        return name.isEmpty() ? major + ":" + minor : name;
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
                        x.getPids().getCurrent(),
                        v2Detail(x))
                .withV2(new SwapReading(mem.getSwapUsage(), mem.getSwapLimit()), v2Psi(x, m.timestamp()));
    }

    /** PSI with its averages, for the CRI stats; {@code null} when the engine sent none. */
    static PressureReadings v2Psi(io.jcri.containerd.cgroups.v2.Metrics x, Instant at) {
        PressureReadings p = new PressureReadings(
                at,
                x.getCpu().hasPsi() ? psi(x.getCpu().getPsi()) : null,
                x.getMemory().hasPsi() ? psi(x.getMemory().getPsi()) : null,
                x.getIo().hasPsi() ? psi(x.getIo().getPsi()) : null);
        return p.any() ? p : null;
    }

    private static PressureReadings.Psi psi(io.jcri.containerd.cgroups.v2.PSIStats s) {
        return new PressureReadings.Psi(data(s.getSome()), data(s.getFull()));
    }

    private static PressureReadings.Data data(io.jcri.containerd.cgroups.v2.PSIData d) {
        return new PressureReadings.Data(d.getTotal(), d.getAvg10(), d.getAvg60(), d.getAvg300());
    }

    private static CgroupDetail v2Detail(io.jcri.containerd.cgroups.v2.Metrics x) {
        var cpu = x.getCpu();
        CgroupDetail.Cpu c = new CgroupDetail.Cpu(
                cpu.getUserUsec() * 1000L,
                cpu.getSystemUsec() * 1000L,
                cpu.getNrPeriods(),
                cpu.getNrThrottled(),
                cpu.getThrottledUsec() * 1000L);
        var m = x.getMemory();
        var events = x.getMemoryEvents();
        CgroupDetail.Memory mem = new CgroupDetail.Memory(
                m.getFile(),
                m.getFileMapped(),
                m.getKernelStack() + m.getSlab(),
                m.getSwapUsage(),
                events.getMax(),
                m.getMaxUsage(),
                m.getPgfault(),
                m.getPgmajfault(),
                events.getOomKill());
        List<CgroupDetail.BlockIo> io = new ArrayList<>();
        for (var e : x.getIo().getUsageList()) {
            String device = device("", e.getMajor(), e.getMinor());
            io.add(new CgroupDetail.BlockIo(
                    device, e.getMajor(), e.getMinor(), CgroupDetail.BlockIo.READ, e.getRbytes(), e.getRios()));
            io.add(new CgroupDetail.BlockIo(
                    device, e.getMajor(), e.getMinor(), CgroupDetail.BlockIo.WRITE, e.getWbytes(), e.getWios()));
        }
        // v2's hugetlb "max" is the limit, not the highest usage: none is kept
        List<CgroupDetail.Hugetlb> hugetlb = x.getHugetlbList().stream()
                .map(h -> new CgroupDetail.Hugetlb(h.getPagesize(), h.getCurrent(), -1))
                .toList();
        return new CgroupDetail(c, mem, x.getPids().getLimit(), io, hugetlb, v2Pressure(x));
    }

    /** The PSI totals, when the engine sent any (the kernel may be built without PSI). */
    private static CgroupDetail.Pressure v2Pressure(io.jcri.containerd.cgroups.v2.Metrics x) {
        if (!x.getCpu().hasPsi() && !x.getMemory().hasPsi() && !x.getIo().hasPsi()) {
            return null;
        }
        var cpu = x.getCpu().getPsi();
        var memory = x.getMemory().getPsi();
        var io = x.getIo().getPsi();
        return new CgroupDetail.Pressure(
                cpu.getSome().getTotal(),
                cpu.getFull().getTotal(),
                memory.getSome().getTotal(),
                memory.getFull().getTotal(),
                io.getSome().getTotal(),
                io.getFull().getTotal());
    }
}
