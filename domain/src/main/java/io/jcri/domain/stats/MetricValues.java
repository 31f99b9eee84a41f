package io.jcri.domain.stats;

import io.jcri.domain.container.LinuxResources;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the {@link MetricCatalog} values of a container from its {@link ContainerReading}, and
 * of a pod from its {@link PodReading}. A container always has its times and spec; the cgroup,
 * process and filesystem metrics come with their readings. Spec values the CRI left unset (0)
 * are the kernel's defaults: a 100 ms CFS period and 1024 CPU shares; a quota only when one is set.
 */
public final class MetricValues {
    static final long DEFAULT_CPU_PERIOD_MICROS = 100_000;
    static final long DEFAULT_CPU_SHARES = 1024;
    static final String OPEN_FILES = "max_open_files";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private MetricValues() {}

    /** A running container's values. */
    public static List<MetricValue> of(ContainerReading r) {
        Out out = new Out(r.labels());
        out.add(MetricCatalog.LAST_SEEN, r.seenAt().getEpochSecond());
        out.add(MetricCatalog.START_TIME, r.startedAt().getEpochSecond());
        spec(out, r.spec());
        filesystem(out, r);
        CgroupSample s = r.cgroup();
        if (s != null) {
            cpu(out, s);
            memory(out, s);
            blockIo(out, s.detail().blockIo());
            hugetlb(out, s.detail().hugetlb());
            pressure(out, s.detail().pressure());
            out.add(MetricCatalog.THREADS_MAX, s.detail().threadsLimit());
        }
        processes(out, r.processes(), s);
        return out.values;
    }

    /** A pod's own values: the counters of each interface of its netns. */
    public static List<MetricValue> of(PodReading r) {
        Out out = new Out(r.labels());
        for (InterfaceCounters i : r.interfaces()) {
            String n = i.name();
            out.add(MetricCatalog.NETWORK_RX_BYTES, i.rxBytes(), n);
            out.add(MetricCatalog.NETWORK_RX_PACKETS, i.rxPackets(), n);
            out.add(MetricCatalog.NETWORK_RX_DROPPED, i.rxDropped(), n);
            out.add(MetricCatalog.NETWORK_RX_ERRORS, i.rxErrors(), n);
            out.add(MetricCatalog.NETWORK_TX_BYTES, i.txBytes(), n);
            out.add(MetricCatalog.NETWORK_TX_PACKETS, i.txPackets(), n);
            out.add(MetricCatalog.NETWORK_TX_DROPPED, i.txDropped(), n);
            out.add(MetricCatalog.NETWORK_TX_ERRORS, i.txErrors(), n);
        }
        return out.values;
    }

    private static void spec(Out out, LinuxResources spec) {
        out.add(MetricCatalog.SPEC_CPU_PERIOD, spec.cpuPeriod() > 0 ? spec.cpuPeriod() : DEFAULT_CPU_PERIOD_MICROS);
        if (spec.cpuQuota() > 0) {
            out.add(MetricCatalog.SPEC_CPU_QUOTA, spec.cpuQuota());
        }
        out.add(MetricCatalog.SPEC_CPU_SHARES, spec.cpuShares() > 0 ? spec.cpuShares() : DEFAULT_CPU_SHARES);
        out.add(MetricCatalog.SPEC_MEMORY_LIMIT, spec.memoryLimitInBytes());
        out.add(MetricCatalog.SPEC_MEMORY_RESERVATION_LIMIT, 0);
        out.add(MetricCatalog.SPEC_MEMORY_SWAP_LIMIT, spec.memorySwapLimitInBytes());
    }

    private static void filesystem(Out out, ContainerReading r) {
        if (r.layer() != null) {
            out.add(MetricCatalog.FS_USAGE, r.layer().usedBytes());
        }
        FsCapacity fs = r.filesystem();
        if (fs != null) {
            out.add(MetricCatalog.FS_LIMIT, fs.capacityBytes());
            out.add(MetricCatalog.FS_INODES_TOTAL, fs.inodesTotal());
            out.add(MetricCatalog.FS_INODES_FREE, fs.inodesFree());
        }
    }

    private static void cpu(Out out, CgroupSample s) {
        CgroupDetail.Cpu c = s.detail().cpu();
        out.add(MetricCatalog.CPU_USAGE, s.cpuUsageNanos() / NANOS_PER_SECOND, "total");
        out.add(MetricCatalog.CPU_USER, c.userNanos() / NANOS_PER_SECOND);
        out.add(MetricCatalog.CPU_SYSTEM, c.systemNanos() / NANOS_PER_SECOND);
        out.add(MetricCatalog.CPU_CFS_PERIODS, c.periods());
        out.add(MetricCatalog.CPU_CFS_THROTTLED_PERIODS, c.throttledPeriods());
        out.add(MetricCatalog.CPU_CFS_THROTTLED_SECONDS, c.throttledNanos() / NANOS_PER_SECOND);
    }

    private static void memory(Out out, CgroupSample s) {
        CgroupDetail.Memory m = s.detail().memory();
        out.add(MetricCatalog.MEMORY_CACHE, m.cacheBytes());
        out.add(MetricCatalog.MEMORY_RSS, s.rssBytes());
        out.add(MetricCatalog.MEMORY_KERNEL, m.kernelBytes());
        out.add(MetricCatalog.MEMORY_MAPPED_FILE, m.mappedFileBytes());
        out.add(MetricCatalog.MEMORY_SWAP, m.swapBytes());
        out.add(MetricCatalog.MEMORY_FAILCNT, m.failcnt());
        out.add(MetricCatalog.MEMORY_USAGE, s.memoryUsageBytes());
        out.add(MetricCatalog.MEMORY_MAX_USAGE, m.maxUsageBytes());
        out.add(MetricCatalog.MEMORY_WORKING_SET, s.workingSetBytes());
        out.add(MetricCatalog.MEMORY_FAILURES, m.ownPageFaults(), "pgfault", "container");
        out.add(MetricCatalog.MEMORY_FAILURES, s.pageFaults(), "pgfault", "hierarchy");
        out.add(MetricCatalog.MEMORY_FAILURES, m.ownMajorPageFaults(), "pgmajfault", "container");
        out.add(MetricCatalog.MEMORY_FAILURES, s.majorPageFaults(), "pgmajfault", "hierarchy");
        out.add(MetricCatalog.OOM_EVENTS, m.oomKills());
    }

    private static void blockIo(Out out, List<CgroupDetail.BlockIo> entries) {
        for (CgroupDetail.BlockIo b : entries) {
            out.add(
                    MetricCatalog.BLKIO_DEVICE_USAGE,
                    b.bytes(),
                    b.device(),
                    Long.toString(b.major()),
                    Long.toString(b.minor()),
                    b.operation());
            if (b.operation().equals(CgroupDetail.BlockIo.READ)) {
                out.add(MetricCatalog.FS_READS_BYTES, b.bytes(), b.device());
                out.add(MetricCatalog.FS_READS, b.count(), b.device());
            } else if (b.operation().equals(CgroupDetail.BlockIo.WRITE)) {
                out.add(MetricCatalog.FS_WRITES_BYTES, b.bytes(), b.device());
                out.add(MetricCatalog.FS_WRITES, b.count(), b.device());
            }
        }
    }

    private static void hugetlb(Out out, List<CgroupDetail.Hugetlb> sizes) {
        for (CgroupDetail.Hugetlb h : sizes) {
            out.add(MetricCatalog.HUGETLB_USAGE, h.usageBytes(), h.pageSize());
            if (h.maxUsageBytes() >= 0) {
                out.add(MetricCatalog.HUGETLB_MAX_USAGE, h.maxUsageBytes(), h.pageSize());
            }
        }
    }

    private static void pressure(Out out, CgroupDetail.Pressure p) {
        if (p == null) {
            return;
        }
        out.add(MetricCatalog.PRESSURE_CPU_WAITING, p.cpuSomeMicros() / MICROS_PER_SECOND);
        out.add(MetricCatalog.PRESSURE_CPU_STALLED, p.cpuFullMicros() / MICROS_PER_SECOND);
        out.add(MetricCatalog.PRESSURE_MEMORY_WAITING, p.memorySomeMicros() / MICROS_PER_SECOND);
        out.add(MetricCatalog.PRESSURE_MEMORY_STALLED, p.memoryFullMicros() / MICROS_PER_SECOND);
        out.add(MetricCatalog.PRESSURE_IO_WAITING, p.ioSomeMicros() / MICROS_PER_SECOND);
        out.add(MetricCatalog.PRESSURE_IO_STALLED, p.ioFullMicros() / MICROS_PER_SECOND);
    }

    /** From /proc when read; else the cgroup's task count stands for both processes and threads. */
    private static void processes(Out out, ProcessTotals p, CgroupSample s) {
        if (p != null) {
            out.add(MetricCatalog.PROCESSES, p.processes());
            out.add(MetricCatalog.THREADS, p.threads());
            out.add(MetricCatalog.FILE_DESCRIPTORS, p.fileDescriptors());
            out.add(MetricCatalog.SOCKETS, p.sockets());
            if (p.openFilesSoftLimit() >= 0) {
                out.add(MetricCatalog.ULIMITS_SOFT, p.openFilesSoftLimit(), OPEN_FILES);
            }
        } else if (s != null) {
            out.add(MetricCatalog.PROCESSES, s.processes());
            out.add(MetricCatalog.THREADS, s.processes());
        }
    }

    /** Collects values under one set of base labels. */
    private static final class Out {
        final MetricLabels labels;
        final List<MetricValue> values = new ArrayList<>();

        Out(MetricLabels labels) {
            this.labels = labels;
        }

        void add(MetricCatalog metric, long value, String... extra) {
            values.add(new MetricValue(metric, labels.values(extra), value));
        }
    }
}
