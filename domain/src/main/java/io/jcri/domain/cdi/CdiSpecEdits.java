package io.jcri.domain.cdi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies CDI edits to an OCI spec document (the map {@code OciSpec.toMap()} gives): environment
 * variables replace those of the same name, device nodes are created and allowed in the device
 * cgroup (replacing a node at the same path), mounts replace one at the same destination, hooks
 * are added to their hook point, additional group IDs to the process user. Every device node must
 * be complete (its type and numbers read from the node before).
 */
public final class CdiSpecEdits {
    private CdiSpecEdits() {}

    /** A deep, mutable copy of {@code spec} with {@code edits} applied. */
    public static Map<String, Object> apply(Map<String, Object> spec, CdiEdits edits) {
        Map<String, Object> out = mutableMap(spec);
        if (edits.isEmpty()) {
            return out;
        }
        Map<String, Object> process = child(out, "process");
        List<Object> env = childList(process, "env");
        for (String kv : edits.env()) {
            String key = kv.split("=", 2)[0] + "=";
            env.removeIf(o -> o.toString().startsWith(key));
            env.add(kv);
        }
        if (!edits.additionalGids().isEmpty()) {
            List<Object> gids = childList(child(process, "user"), "additionalGids");
            for (Long gid : edits.additionalGids()) {
                if (gids.stream().noneMatch(g -> g.toString().equals(gid.toString()))) {
                    gids.add(gid);
                }
            }
        }
        Map<String, Object> linux = child(out, "linux");
        for (CdiEdits.DeviceNode n : edits.deviceNodes()) {
            device(linux, n);
        }
        List<Object> mounts = childList(out, "mounts");
        for (CdiEdits.Mount m : edits.mounts()) {
            mounts.removeIf(o -> o instanceof Map<?, ?> x && m.containerPath().equals(x.get("destination")));
            Map<String, Object> mount = new LinkedHashMap<>();
            mount.put("destination", m.containerPath());
            mount.put("type", m.type());
            mount.put("source", m.hostPath());
            mount.put("options", new ArrayList<>(m.options()));
            mounts.add(mount);
        }
        for (CdiEdits.Hook h : edits.hooks()) {
            Map<String, Object> hook = new LinkedHashMap<>();
            hook.put("path", h.path());
            if (!h.args().isEmpty()) {
                hook.put("args", new ArrayList<>(h.args()));
            }
            if (!h.env().isEmpty()) {
                hook.put("env", new ArrayList<>(h.env()));
            }
            if (h.timeout() != null) {
                hook.put("timeout", h.timeout());
            }
            childList(child(out, "hooks"), h.hookName()).add(hook);
        }
        return out;
    }

    private static void device(Map<String, Object> linux, CdiEdits.DeviceNode n) {
        if (!n.complete()) {
            throw new IllegalArgumentException("CDI device node " + n.path() + " has no type or numbers");
        }
        List<Object> devices = childList(linux, "devices");
        devices.removeIf(o -> o instanceof Map<?, ?> x && n.path().equals(x.get("path")));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", n.path());
        d.put("type", n.type());
        if (!n.type().equals("p")) {
            d.put("major", n.major());
            d.put("minor", n.minor());
        }
        if (n.fileMode() != null) {
            d.put("fileMode", n.fileMode());
        }
        if (n.uid() != null) {
            d.put("uid", n.uid());
        }
        if (n.gid() != null) {
            d.put("gid", n.gid());
        }
        devices.add(d);
        if (n.type().equals("p")) {
            return;
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("allow", true);
        rule.put("type", n.type().equals("u") ? "c" : n.type());
        rule.put("major", n.major());
        rule.put("minor", n.minor());
        rule.put("access", n.permissions());
        childList(child(linux, "resources"), "devices").add(rule);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> childList(Map<String, Object> parent, String key) {
        return (List<Object>) parent.computeIfAbsent(key, k -> new ArrayList<Object>());
    }

    @SuppressWarnings("unchecked")
    private static Object mutable(Object o) {
        if (o instanceof Map<?, ?> m) {
            return mutableMap((Map<String, Object>) m);
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(mutable(x)));
            return out;
        }
        return o;
    }

    private static Map<String, Object> mutableMap(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? null : mutable(v)));
        return out;
    }
}
