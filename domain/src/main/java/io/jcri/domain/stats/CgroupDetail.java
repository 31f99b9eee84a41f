package io.jcri.domain.stats;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rest of a task's cgroup reading, beyond what {@link CgroupSample} carries for the stats
 * calls: CPU split and throttling, memory kinds, OOM kills, the pids limit, block I/O per device,
 * hugepages per page size and, on cgroup v2, pressure stall times ({@code null} where the kernel
 * has none).
 *
 * @param threadsLimit the pids limit (tasks, so threads), 0 when there is none
 */
public record CgroupDetail(
        Cpu cpu,
        Memory memory,
        long threadsLimit,
        List<BlockIo> blockIo,
        List<Hugetlb> hugetlb,
        @Nullable Pressure pressure) {

    public static final CgroupDetail NONE = new CgroupDetail(Cpu.NONE, Memory.NONE, 0, List.of(), List.of(), null);

    public CgroupDetail {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        blockIo = List.copyOf(blockIo);
        hugetlb = List.copyOf(hugetlb);
    }

    /** CPU time split into user and system, and CFS throttling (periods and time throttled). */
    public record Cpu(long userNanos, long systemNanos, long periods, long throttledPeriods, long throttledNanos) {
        public static final Cpu NONE = new Cpu(0, 0, 0, 0, 0);
    }

    /**
     * Memory by kind. {@code ownPageFaults}/{@code ownMajorPageFaults} are the cgroup's own (v1
     * counts children apart; v2 does not, so they equal the hierarchical ones).
     *
     * @param failcnt times usage hit the limit (v1 {@code failcnt}, v2 {@code memory.events max})
     * @param maxUsageBytes the highest usage recorded, 0 when the kernel does not keep it
     * @param oomKills processes of the cgroup the OOM killer ended
     */
    public record Memory(
            long cacheBytes,
            long mappedFileBytes,
            long kernelBytes,
            long swapBytes,
            long failcnt,
            long maxUsageBytes,
            long ownPageFaults,
            long ownMajorPageFaults,
            long oomKills) {
        public static final Memory NONE = new Memory(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Block I/O of one device for one operation ({@code Read}, {@code Write}, and on v1 also
     * {@code Sync}, {@code Async}, {@code Discard}, {@code Total}): bytes moved and requests made.
     *
     * @param device the device's node ({@code /dev/sda}), or {@code major:minor} when unknown
     */
    public record BlockIo(String device, long major, long minor, String operation, long bytes, long count) {
        public static final String READ = "Read";
        public static final String WRITE = "Write";

        public BlockIo {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** Hugepages of one size ({@code 2MB}); {@code maxUsageBytes} is -1 where the kernel keeps none. */
    public record Hugetlb(String pageSize, long usageBytes, long maxUsageBytes) {
        public Hugetlb {
            Objects.requireNonNull(pageSize, "pageSize");
        }
    }

    /**
     * Pressure stall totals in microseconds: {@code some} is time at least one task waited, {@code
     * full} time no task could make progress.
     */
    public record Pressure(
            long cpuSomeMicros,
            long cpuFullMicros,
            long memorySomeMicros,
            long memoryFullMicros,
            long ioSomeMicros,
            long ioFullMicros) {}
}
