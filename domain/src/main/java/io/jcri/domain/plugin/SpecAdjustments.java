package io.jcri.domain.plugin;

import io.jcri.domain.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link ContainerAdjustment} to an OCI spec document (the map {@code OciSpec.toMap()}
 * gives): removals first, then additions replacing entries with the same key, then the
 * resources. A device added is also allowed in the device cgroup.
 */
public final class SpecAdjustments {
    private SpecAdjustments() {}

    /** A deep, mutable copy of {@code spec} with {@code adj} applied. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> apply(Map<String, Object> spec, ContainerAdjustment adj) {
        Map<String, Object> out = (Map<String, Object>) Json.parse(Json.write(spec));
        if (adj.isEmpty()) {
            return out;
        }
        Map<String, Object> annotations = map(out, "annotations");
        adj.removedAnnotations().forEach(annotations::remove);
        annotations.putAll(adj.annotations());
        Map<String, Object> process = map(out, "process");
        List<Object> env = list(process, "env");
        for (String name : adj.removedEnv()) {
            env.removeIf(o -> o.toString().startsWith(name + "="));
        }
        adj.env().forEach((name, value) -> {
            env.removeIf(o -> o.toString().startsWith(name + "="));
            env.add(name + "=" + value);
        });
        if (!adj.args().isEmpty()) {
            process.put("args", new ArrayList<Object>(adj.args()));
        }
        mounts(out, adj);
        Map<String, Object> linux = map(out, "linux");
        for (String path : adj.removedDevices()) {
            list(linux, "devices").removeIf(o -> o instanceof Map<?, ?> d && path.equals(d.get("path")));
        }
        adj.devices().forEach(d -> device(linux, d));
        for (ContainerAdjustment.SpecHook h : adj.hooks()) {
            Map<String, Object> hook = new LinkedHashMap<>();
            hook.put("path", h.path());
            putList(hook, "args", h.args());
            putList(hook, "env", h.env());
            if (h.timeout() != null) {
                hook.put("timeout", h.timeout());
            }
            list(map(out, "hooks"), h.hookName()).add(hook);
        }
        List<Object> rlimits = list(process, "rlimits");
        for (ContainerAdjustment.Rlimit r : adj.rlimits()) {
            rlimits.removeIf(o -> o instanceof Map<?, ?> x && r.type().equals(x.get("type")));
            rlimits.add(new LinkedHashMap<>(Map.of("type", r.type(), "hard", r.hard(), "soft", r.soft())));
        }
        resources(out, process, linux, adj.resources());
        return out;
    }

    private static void mounts(Map<String, Object> out, ContainerAdjustment adj) {
        List<Object> mounts = list(out, "mounts");
        for (String destination : adj.removedMounts()) {
            mounts.removeIf(o -> o instanceof Map<?, ?> m && destination.equals(m.get("destination")));
        }
        for (ContainerAdjustment.SpecMount m : adj.mounts()) {
            mounts.removeIf(o -> o instanceof Map<?, ?> x && m.destination().equals(x.get("destination")));
            Map<String, Object> mount = new LinkedHashMap<>();
            mount.put("destination", m.destination());
            mount.put("type", m.type());
            mount.put("source", m.source());
            putList(mount, "options", m.options());
            mounts.add(mount);
        }
    }

    private static void device(Map<String, Object> linux, ContainerAdjustment.SpecDevice d) {
        List<Object> devices = list(linux, "devices");
        devices.removeIf(o -> o instanceof Map<?, ?> x && d.path().equals(x.get("path")));
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("path", d.path());
        node.put("type", d.type());
        if (!"p".equals(d.type())) {
            node.put("major", d.major());
            node.put("minor", d.minor());
        }
        putIfSet(node, "fileMode", d.fileMode());
        putIfSet(node, "uid", d.uid());
        putIfSet(node, "gid", d.gid());
        devices.add(node);
        if (!"p".equals(d.type())) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("allow", true);
            rule.put("type", "u".equals(d.type()) ? "c" : d.type());
            rule.put("major", d.major());
            rule.put("minor", d.minor());
            rule.put("access", "rwm");
            list(map(linux, "resources"), "devices").add(rule);
        }
    }

    private static void resources(
            Map<String, Object> spec,
            Map<String, Object> process,
            Map<String, Object> linux,
            ContainerAdjustment.Resources r) {
        if (r.equals(ContainerAdjustment.Resources.NONE)) {
            return;
        }
        Map<String, Object> res = map(linux, "resources");
        if (r.memoryLimit() != null || r.memorySwap() != null) {
            Map<String, Object> memory = map(res, "memory");
            putIfSet(memory, "limit", r.memoryLimit());
            putIfSet(memory, "swap", r.memorySwap());
        }
        if (r.cpuShares() != null
                || r.cpuQuota() != null
                || r.cpuPeriod() != null
                || r.cpusetCpus() != null
                || r.cpusetMems() != null) {
            Map<String, Object> cpu = map(res, "cpu");
            putIfSet(cpu, "shares", r.cpuShares());
            putIfSet(cpu, "quota", r.cpuQuota());
            putIfSet(cpu, "period", r.cpuPeriod());
            putIfSet(cpu, "cpus", r.cpusetCpus());
            putIfSet(cpu, "mems", r.cpusetMems());
        }
        if (r.pidsLimit() != null) {
            map(res, "pids").put("limit", r.pidsLimit());
        }
        putIfSet(process, "oomScoreAdj", r.oomScoreAdj());
        putIfSet(linux, "cgroupsPath", r.cgroupsPath());
        spec.put("linux", linux);
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void putList(Map<String, Object> m, String key, List<String> values) {
        if (!values.isEmpty()) {
            m.put(key, new ArrayList<Object>(values));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (!(v instanceof Map)) {
            v = new LinkedHashMap<String, Object>();
            parent.put(key, v);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (!(v instanceof List)) {
            v = new ArrayList<Object>();
            parent.put(key, v);
        }
        return (List<Object>) v;
    }
}
