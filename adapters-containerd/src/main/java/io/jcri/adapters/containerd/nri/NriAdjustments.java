package io.jcri.adapters.containerd.nri;

import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.plugin.ContainerAdjustment;
import io.jcri.nri.api.Hook;
import io.jcri.nri.api.Hooks;
import io.jcri.nri.api.KeyValue;
import io.jcri.nri.api.LinuxCPU;
import io.jcri.nri.api.LinuxContainerAdjustment;
import io.jcri.nri.api.LinuxDevice;
import io.jcri.nri.api.LinuxMemory;
import io.jcri.nri.api.Mount;
import io.jcri.nri.api.POSIXRlimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NRI's {@code ContainerAdjustment} and {@code LinuxResources} as jcri's domain types. NRI marks a
 * removal with a leading {@code -} on the key (an annotation's name, a variable's name, a mount's
 * destination, a device's path).
 */
final class NriAdjustments {
    private NriAdjustments() {}

    static ContainerAdjustment adjustment(io.jcri.nri.api.ContainerAdjustment a) {
        Map<String, String> annotations = new LinkedHashMap<>();
        List<String> removedAnnotations = new ArrayList<>();
        a.getAnnotationsMap().forEach((k, v) -> {
            if (k.startsWith("-")) {
                removedAnnotations.add(k.substring(1));
            } else {
                annotations.put(k, v);
            }
        });
        Map<String, String> env = new LinkedHashMap<>();
        List<String> removedEnv = new ArrayList<>();
        for (KeyValue kv : a.getEnvList()) {
            if (kv.getKey().startsWith("-")) {
                removedEnv.add(kv.getKey().substring(1));
            } else {
                env.put(kv.getKey(), kv.getValue());
            }
        }
        List<ContainerAdjustment.SpecMount> mounts = new ArrayList<>();
        List<String> removedMounts = new ArrayList<>();
        for (Mount m : a.getMountsList()) {
            if (m.getDestination().startsWith("-")) {
                removedMounts.add(m.getDestination().substring(1));
            } else {
                mounts.add(new ContainerAdjustment.SpecMount(
                        m.getDestination(), m.getType(), m.getSource(), m.getOptionsList()));
            }
        }
        List<ContainerAdjustment.SpecDevice> devices = new ArrayList<>();
        List<String> removedDevices = new ArrayList<>();
        LinuxContainerAdjustment linux = a.getLinux();
        devices(linux, devices, removedDevices);
        List<ContainerAdjustment.Rlimit> rlimits = new ArrayList<>();
        for (POSIXRlimit r : a.getRlimitsList()) {
            rlimits.add(new ContainerAdjustment.Rlimit(r.getType(), r.getHard(), r.getSoft()));
        }
        return new ContainerAdjustment(
                annotations,
                removedAnnotations,
                env,
                removedEnv,
                mounts,
                removedMounts,
                devices,
                removedDevices,
                hooks(a.getHooks()),
                rlimits,
                a.getArgsList(),
                resources(linux));
    }

    private static void devices(
            LinuxContainerAdjustment linux, List<ContainerAdjustment.SpecDevice> devices, List<String> removedDevices) {
        for (LinuxDevice d : linux.getDevicesList()) {
            if (d.getPath().startsWith("-")) {
                removedDevices.add(d.getPath().substring(1));
            } else {
                devices.add(new ContainerAdjustment.SpecDevice(
                        d.getPath(),
                        d.getType(),
                        d.getMajor(),
                        d.getMinor(),
                        d.hasFileMode() ? d.getFileMode().getValue() : null,
                        d.hasUid() ? Integer.toUnsignedLong(d.getUid().getValue()) : null,
                        d.hasGid() ? Integer.toUnsignedLong(d.getGid().getValue()) : null));
            }
        }
    }

    private static List<ContainerAdjustment.SpecHook> hooks(Hooks h) {
        List<ContainerAdjustment.SpecHook> out = new ArrayList<>();
        add(out, "prestart", h.getPrestartList());
        add(out, "createRuntime", h.getCreateRuntimeList());
        add(out, "createContainer", h.getCreateContainerList());
        add(out, "startContainer", h.getStartContainerList());
        add(out, "poststart", h.getPoststartList());
        add(out, "poststop", h.getPoststopList());
        return out;
    }

    private static void add(List<ContainerAdjustment.SpecHook> out, String name, List<Hook> hooks) {
        for (Hook h : hooks) {
            out.add(new ContainerAdjustment.SpecHook(
                    name,
                    h.getPath(),
                    h.getArgsList(),
                    h.getEnvList(),
                    h.hasTimeout() ? h.getTimeout().getValue() : null));
        }
    }

    private static ContainerAdjustment.Resources resources(LinuxContainerAdjustment linux) {
        LinuxMemory mem = linux.getResources().getMemory();
        LinuxCPU cpu = linux.getResources().getCpu();
        return new ContainerAdjustment.Resources(
                mem.hasLimit() ? mem.getLimit().getValue() : null,
                mem.hasSwap() ? mem.getSwap().getValue() : null,
                cpu.hasShares() ? cpu.getShares().getValue() : null,
                cpu.hasQuota() ? cpu.getQuota().getValue() : null,
                cpu.hasPeriod() ? cpu.getPeriod().getValue() : null,
                cpu.getCpus().isEmpty() ? null : cpu.getCpus(),
                cpu.getMems().isEmpty() ? null : cpu.getMems(),
                linux.getResources().hasPids() ? linux.getResources().getPids().getLimit() : null,
                linux.hasOomScoreAdj() ? linux.getOomScoreAdj().getValue() : null,
                linux.getCgroupsPath().isEmpty() ? null : linux.getCgroupsPath());
    }

    /** The CRI's resources as NRI's (what an UpdateContainer request carries). */
    static io.jcri.nri.api.LinuxResources toWire(LinuxResources r) {
        LinuxMemory.Builder mem = LinuxMemory.newBuilder();
        if (r.memoryLimitInBytes() != 0) {
            mem.setLimit(io.jcri.nri.api.OptionalInt64.newBuilder().setValue(r.memoryLimitInBytes()));
        }
        if (r.memorySwapLimitInBytes() != 0) {
            mem.setSwap(io.jcri.nri.api.OptionalInt64.newBuilder().setValue(r.memorySwapLimitInBytes()));
        }
        LinuxCPU.Builder cpu = LinuxCPU.newBuilder().setCpus(r.cpusetCpus()).setMems(r.cpusetMems());
        if (r.cpuShares() != 0) {
            cpu.setShares(io.jcri.nri.api.OptionalUInt64.newBuilder().setValue(r.cpuShares()));
        }
        if (r.cpuQuota() != 0) {
            cpu.setQuota(io.jcri.nri.api.OptionalInt64.newBuilder().setValue(r.cpuQuota()));
        }
        if (r.cpuPeriod() != 0) {
            cpu.setPeriod(io.jcri.nri.api.OptionalUInt64.newBuilder().setValue(r.cpuPeriod()));
        }
        return io.jcri.nri.api.LinuxResources.newBuilder()
                .setMemory(mem)
                .setCpu(cpu)
                .putAllUnified(r.unified())
                .build();
    }

    /** {@code requested} with what an update from a plugin sets. */
    static LinuxResources updated(LinuxResources requested, io.jcri.nri.api.LinuxResources u) {
        LinuxResources r = requested;
        LinuxCPU cpu = u.getCpu();
        if (cpu.hasShares() || cpu.hasQuota() || cpu.hasPeriod()) {
            r = r.withCpu(
                    cpu.hasShares() ? cpu.getShares().getValue() : r.cpuShares(),
                    cpu.hasQuota() ? cpu.getQuota().getValue() : r.cpuQuota(),
                    cpu.hasPeriod() ? cpu.getPeriod().getValue() : r.cpuPeriod());
        }
        if (!cpu.getCpus().isEmpty() || !cpu.getMems().isEmpty()) {
            r = r.withCpuset(
                    cpu.getCpus().isEmpty() ? r.cpusetCpus() : cpu.getCpus(),
                    cpu.getMems().isEmpty() ? r.cpusetMems() : cpu.getMems());
        }
        LinuxMemory mem = u.getMemory();
        if (mem.hasLimit() || mem.hasSwap()) {
            r = r.withMemory(
                    mem.hasLimit() ? mem.getLimit().getValue() : r.memoryLimitInBytes(),
                    mem.hasSwap() ? mem.getSwap().getValue() : r.memorySwapLimitInBytes());
        }
        if (u.getUnifiedCount() > 0) {
            Map<String, String> unified = new LinkedHashMap<>(r.unified());
            unified.putAll(u.getUnifiedMap());
            r = r.withUnified(unified);
        }
        return r;
    }
}
