package io.jcri.domain.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cgroup resources the CRI asks for. As in the CRI, {@code 0} (and an empty string) means
 * "not set" for every number but {@code oomScoreAdj}; {@code unified} holds cgroup v2 file
 * names and values.
 */
public record LinuxResources(
        long cpuPeriod,
        long cpuQuota,
        long cpuShares,
        long memoryLimitInBytes,
        long memorySwapLimitInBytes,
        long oomScoreAdj,
        String cpusetCpus,
        String cpusetMems,
        List<HugepageLimit> hugepageLimits,
        Map<String, String> unified) {

    public static final LinuxResources NONE = new LinuxResources(0, 0, 0, 0, 0, 0, "", "", List.of(), Map.of());

    public LinuxResources {
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
        hugepageLimits = List.copyOf(hugepageLimits == null ? List.of() : hugepageLimits);
        unified = Map.copyOf(unified == null ? Map.of() : unified);
        Objects.requireNonNull(hugepageLimits);
    }

    public LinuxResources withCpu(long shares, long quota, long period) {
        return new LinuxResources(
                period,
                quota,
                shares,
                memoryLimitInBytes,
                memorySwapLimitInBytes,
                oomScoreAdj,
                cpusetCpus,
                cpusetMems,
                hugepageLimits,
                unified);
    }

    public LinuxResources withCpuset(String cpus, String mems) {
        return new LinuxResources(
                cpuPeriod,
                cpuQuota,
                cpuShares,
                memoryLimitInBytes,
                memorySwapLimitInBytes,
                oomScoreAdj,
                cpus,
                mems,
                hugepageLimits,
                unified);
    }

    public LinuxResources withMemory(long limit, long swapLimit) {
        return new LinuxResources(
                cpuPeriod,
                cpuQuota,
                cpuShares,
                limit,
                swapLimit,
                oomScoreAdj,
                cpusetCpus,
                cpusetMems,
                hugepageLimits,
                unified);
    }

    public LinuxResources withOomScoreAdj(long value) {
        return new LinuxResources(
                cpuPeriod,
                cpuQuota,
                cpuShares,
                memoryLimitInBytes,
                memorySwapLimitInBytes,
                value,
                cpusetCpus,
                cpusetMems,
                hugepageLimits,
                unified);
    }

    public LinuxResources withHugepageLimits(List<HugepageLimit> limits) {
        return new LinuxResources(
                cpuPeriod,
                cpuQuota,
                cpuShares,
                memoryLimitInBytes,
                memorySwapLimitInBytes,
                oomScoreAdj,
                cpusetCpus,
                cpusetMems,
                limits,
                unified);
    }

    public LinuxResources withUnified(Map<String, String> values) {
        return new LinuxResources(
                cpuPeriod,
                cpuQuota,
                cpuShares,
                memoryLimitInBytes,
                memorySwapLimitInBytes,
                oomScoreAdj,
                cpusetCpus,
                cpusetMems,
                hugepageLimits,
                values);
    }
}
