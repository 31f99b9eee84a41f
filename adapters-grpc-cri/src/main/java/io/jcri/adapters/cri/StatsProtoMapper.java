package io.jcri.adapters.cri;

import io.jcri.cri.v1.ContainerAttributes;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerStats;
import io.jcri.cri.v1.ContainerStatsFilter;
import io.jcri.cri.v1.CpuUsage;
import io.jcri.cri.v1.FilesystemIdentifier;
import io.jcri.cri.v1.FilesystemUsage;
import io.jcri.cri.v1.IoUsage;
import io.jcri.cri.v1.LinuxPodSandboxStats;
import io.jcri.cri.v1.MemoryUsage;
import io.jcri.cri.v1.NetworkInterfaceUsage;
import io.jcri.cri.v1.NetworkUsage;
import io.jcri.cri.v1.PodSandboxAttributes;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxStats;
import io.jcri.cri.v1.PodSandboxStatsFilter;
import io.jcri.cri.v1.ProcessUsage;
import io.jcri.cri.v1.PsiData;
import io.jcri.cri.v1.PsiStats;
import io.jcri.cri.v1.SwapUsage;
import io.jcri.cri.v1.UInt64Value;
import io.jcri.domain.stats.InterfaceCounters;
import io.jcri.domain.stats.PodStats;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.ports.in.Stats;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Container and pod stats: domain records to CRI messages. */
final class StatsProtoMapper {
    private StatsProtoMapper() {}

    static Stats.ContainerFilter filter(ContainerStatsFilter f) {
        return new Stats.ContainerFilter(f.getId(), f.getPodSandboxId(), f.getLabelSelectorMap());
    }

    static Stats.PodFilter filter(PodSandboxStatsFilter f) {
        return new Stats.PodFilter(f.getId(), f.getLabelSelectorMap());
    }

    private static UInt64Value u64(long v) {
        return UInt64Value.newBuilder().setValue(Math.max(0, v)).build();
    }

    private static long nanos(Instant t) {
        return SandboxProtoMapper.nanos(t);
    }

    static ContainerStats container(io.jcri.domain.stats.ContainerStats s) {
        ContainerStats.Builder b = ContainerStats.newBuilder()
                .setAttributes(ContainerAttributes.newBuilder()
                        .setId(s.id())
                        .setMetadata(
                                ContainerMetadata.newBuilder().setName(s.name()).setAttempt(s.attempt()))
                        .putAllLabels(s.labels())
                        .putAllAnnotations(s.annotations()));
        PressureReadings p = s.pressure();
        if (s.cpu() != null) {
            b.setCpu(cpu(s.cpu(), p));
        }
        if (s.memory() != null) {
            b.setMemory(memory(s.memory(), p));
        }
        if (s.swap() != null) {
            b.setSwap(SwapUsage.newBuilder()
                    .setTimestamp(nanos(s.swap().timestamp()))
                    .setSwapAvailableBytes(u64(s.swap().availableBytes()))
                    .setSwapUsageBytes(u64(s.swap().usageBytes())));
        }
        if (p != null && p.io() != null) {
            b.setIo(io(p));
        }
        if (s.writableLayer() != null) {
            b.setWritableLayer(FilesystemUsage.newBuilder()
                    .setTimestamp(nanos(s.writableLayer().timestamp()))
                    .setFsId(FilesystemIdentifier.newBuilder()
                            .setMountpoint(s.writableLayer().mountpoint()))
                    .setUsedBytes(u64(s.writableLayer().usedBytes()))
                    .setInodesUsed(u64(s.writableLayer().inodesUsed())));
        }
        return b.build();
    }

    private static CpuUsage cpu(io.jcri.domain.stats.CpuUsage c, @Nullable PressureReadings p) {
        CpuUsage.Builder b = CpuUsage.newBuilder()
                .setTimestamp(nanos(c.timestamp()))
                .setUsageCoreNanoSeconds(u64(c.usageCoreNanos()))
                .setUsageNanoCores(u64(c.usageNanoCores()));
        if (p != null && p.cpu() != null) {
            b.setPsi(psi(p.cpu()));
        }
        return b.build();
    }

    private static IoUsage io(PressureReadings p) {
        return IoUsage.newBuilder()
                .setTimestamp(nanos(p.timestamp()))
                .setPsi(psi(p.io()))
                .build();
    }

    static PsiStats psi(PressureReadings.Psi psi) {
        return PsiStats.newBuilder()
                .setSome(data(psi.some()))
                .setFull(data(psi.full()))
                .build();
    }

    private static PsiData data(PressureReadings.Data d) {
        return PsiData.newBuilder()
                .setTotal(Math.max(0, d.totalMicros()))
                .setAvg10(d.avg10())
                .setAvg60(d.avg60())
                .setAvg300(d.avg300())
                .build();
    }

    private static MemoryUsage memory(io.jcri.domain.stats.MemoryUsage m, @Nullable PressureReadings p) {
        MemoryUsage.Builder b = MemoryUsage.newBuilder()
                .setTimestamp(nanos(m.timestamp()))
                .setWorkingSetBytes(u64(m.workingSetBytes()))
                .setAvailableBytes(u64(m.availableBytes()))
                .setUsageBytes(u64(m.usageBytes()))
                .setRssBytes(u64(m.rssBytes()))
                .setPageFaults(u64(m.pageFaults()))
                .setMajorPageFaults(u64(m.majorPageFaults()));
        if (p != null && p.memory() != null) {
            b.setPsi(psi(p.memory()));
        }
        return b.build();
    }

    private static NetworkInterfaceUsage iface(InterfaceCounters i) {
        return NetworkInterfaceUsage.newBuilder()
                .setName(i.name())
                .setRxBytes(u64(i.rxBytes()))
                .setRxErrors(u64(i.rxErrors()))
                .setTxBytes(u64(i.txBytes()))
                .setTxErrors(u64(i.txErrors()))
                .build();
    }

    static PodSandboxStats pod(PodStats s) {
        LinuxPodSandboxStats.Builder linux = LinuxPodSandboxStats.newBuilder();
        PressureReadings p = s.pressure();
        if (s.cpu() != null) {
            linux.setCpu(cpu(s.cpu(), p));
        }
        if (p != null && p.io() != null) {
            linux.setIo(io(p));
        }
        if (s.memory() != null) {
            linux.setMemory(memory(s.memory(), p));
            linux.setProcess(ProcessUsage.newBuilder()
                    .setTimestamp(nanos(s.memory().timestamp()))
                    .setProcessCount(u64(s.processes())));
        }
        if (s.network() != null) {
            NetworkUsage.Builder n =
                    NetworkUsage.newBuilder().setTimestamp(nanos(s.network().timestamp()));
            InterfaceCounters d = s.network().defaultInterface();
            if (d != null) {
                n.setDefaultInterface(iface(d));
            }
            s.network().interfaces().forEach(i -> n.addInterfaces(iface(i)));
            linux.setNetwork(n);
        }
        s.containers().forEach(c -> linux.addContainers(container(c)));
        return PodSandboxStats.newBuilder()
                .setAttributes(PodSandboxAttributes.newBuilder()
                        .setId(s.id())
                        .setMetadata(PodSandboxMetadata.newBuilder()
                                .setName(s.name())
                                .setNamespace(s.namespace())
                                .setUid(s.uid())
                                .setAttempt(s.attempt()))
                        .putAllLabels(s.labels())
                        .putAllAnnotations(s.annotations()))
                .setLinux(linux)
                .build();
    }
}
