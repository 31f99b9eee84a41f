package io.jcri.domain.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What node resource plugins change in a container's OCI spec before it is created. Additions
 * replace what the spec has under the same key (an annotation's name, a variable's name, a mount's
 * destination, a device's path, an rlimit's type); the {@code removed*} lists take entries out
 * first. {@code args}, when not empty, replace the process's arguments. Resource numbers are
 * {@code null} when not adjusted.
 */
public record ContainerAdjustment(
        Map<String, String> annotations,
        List<String> removedAnnotations,
        Map<String, String> env,
        List<String> removedEnv,
        List<SpecMount> mounts,
        List<String> removedMounts,
        List<SpecDevice> devices,
        List<String> removedDevices,
        List<SpecHook> hooks,
        List<Rlimit> rlimits,
        List<String> args,
        Resources resources) {

    public static final ContainerAdjustment NONE = new ContainerAdjustment(
            Map.of(),
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Resources.NONE);

    public ContainerAdjustment {
        annotations = Map.copyOf(annotations);
        removedAnnotations = List.copyOf(removedAnnotations);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        removedEnv = List.copyOf(removedEnv);
        mounts = List.copyOf(mounts);
        removedMounts = List.copyOf(removedMounts);
        devices = List.copyOf(devices);
        removedDevices = List.copyOf(removedDevices);
        hooks = List.copyOf(hooks);
        rlimits = List.copyOf(rlimits);
        args = List.copyOf(args);
    }

    /** A mount to add: OCI's destination, type, source and options. */
    public record SpecMount(String destination, String type, String source, List<String> options) {
        public SpecMount {
            options = List.copyOf(options);
        }
    }

    /** A device node to create and allow ({@code type} c, b, u or p). */
    public record SpecDevice(
            String path,
            String type,
            long major,
            long minor,
            @Nullable Integer fileMode,
            @Nullable Long uid,
            @Nullable Long gid) {}

    /** An OCI hook at {@code hookName} (prestart, createRuntime, createContainer, startContainer, poststart, poststop). */
    public record SpecHook(
            String hookName,
            String path,
            List<String> args,
            List<String> env,
            @Nullable Long timeout) {
        public SpecHook {
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
    }

    /** A POSIX rlimit ({@code RLIMIT_NOFILE}, ...). */
    public record Rlimit(String type, long hard, long soft) {}

    /** Cgroup and process resources; {@code null} leaves the spec's value. */
    public record Resources(
            @Nullable Long memoryLimit,
            @Nullable Long memorySwap,
            @Nullable Long cpuShares,
            @Nullable Long cpuQuota,
            @Nullable Long cpuPeriod,
            @Nullable String cpusetCpus,
            @Nullable String cpusetMems,
            @Nullable Long pidsLimit,
            @Nullable Long oomScoreAdj,
            @Nullable String cgroupsPath) {
        public static final Resources NONE = new Resources(null, null, null, null, null, null, null, null, null, null);

        /** These values, with {@code later}'s where it sets them. */
        public Resources then(Resources later) {
            return new Resources(
                    pick(memoryLimit, later.memoryLimit),
                    pick(memorySwap, later.memorySwap),
                    pick(cpuShares, later.cpuShares),
                    pick(cpuQuota, later.cpuQuota),
                    pick(cpuPeriod, later.cpuPeriod),
                    pick(cpusetCpus, later.cpusetCpus),
                    pick(cpusetMems, later.cpusetMems),
                    pick(pidsLimit, later.pidsLimit),
                    pick(oomScoreAdj, later.oomScoreAdj),
                    pick(cgroupsPath, later.cgroupsPath));
        }

        private static <T> @Nullable T pick(@Nullable T first, @Nullable T second) {
            return second != null ? second : first;
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** This adjustment followed by {@code later} (a plugin called after): later additions win. */
    public ContainerAdjustment then(ContainerAdjustment later) {
        Map<String, String> ann = new LinkedHashMap<>(annotations);
        later.removedAnnotations.forEach(ann::remove);
        ann.putAll(later.annotations);
        Map<String, String> vars = new LinkedHashMap<>(env);
        later.removedEnv.forEach(vars::remove);
        vars.putAll(later.env);
        return new ContainerAdjustment(
                ann,
                concat(removedAnnotations, later.removedAnnotations),
                vars,
                concat(removedEnv, later.removedEnv),
                concat(mounts, later.mounts),
                concat(removedMounts, later.removedMounts),
                concat(devices, later.devices),
                concat(removedDevices, later.removedDevices),
                concat(hooks, later.hooks),
                concat(rlimits, later.rlimits),
                later.args.isEmpty() ? args : later.args,
                resources.then(later.resources));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
