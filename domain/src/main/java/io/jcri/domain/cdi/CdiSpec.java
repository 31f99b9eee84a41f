package io.jcri.domain.cdi;

import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One CDI spec file, as the CDI specification lays it out: {@code cdiVersion}, {@code kind}
 * ({@code vendor.com/class}), {@code devices} (each a {@code name} and its {@code
 * containerEdits}) and the spec-wide {@code containerEdits}, applied once when any of its devices
 * is asked for. A device's fully qualified name is {@code kind=name}.
 */
public record CdiSpec(String file, String kind, Map<String, CdiEdits> devices, CdiEdits containerEdits) {

    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

    public CdiSpec {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        devices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        Objects.requireNonNull(containerEdits, "containerEdits");
    }

    /** The fully qualified name of one of this spec's devices. */
    public String qualified(String device) {
        return kind + "=" + device;
    }

    /**
     * A spec from a parsed document (maps, lists, strings, numbers), checked.
     *
     * @throws JcriException.InvalidArgument naming the file and what is wrong
     */
    public static CdiSpec parse(@Nullable Object document, String file) {
        Map<String, Object> doc = map(document, file, "the document");
        if (string(doc.get("cdiVersion")).isEmpty()) {
            throw bad(file, "has no cdiVersion");
        }
        String kind = string(doc.get("kind"));
        if (!KIND.matcher(kind).matches()) {
            throw bad(file, "has kind \"" + kind + "\", not vendor.com/class");
        }
        Map<String, CdiEdits> devices = new LinkedHashMap<>();
        for (Object o : list(doc.get("devices"), file, "devices")) {
            Map<String, Object> d = map(o, file, "a device");
            String name = string(d.get("name"));
            if (!NAME.matcher(name).matches()) {
                throw bad(file, "has a device named \"" + name + "\", which is not a valid CDI device name");
            }
            if (devices.put(name, edits(d.get("containerEdits"), file, name)) != null) {
                throw bad(file, "defines device \"" + name + "\" twice");
            }
        }
        return new CdiSpec(file, kind, devices, edits(doc.get("containerEdits"), file, "the spec"));
    }

    static CdiEdits edits(@Nullable Object value, String file, String of) {
        if (value == null) {
            return CdiEdits.NONE;
        }
        Map<String, Object> e = map(value, file, "containerEdits of " + of);
        List<String> env = strings(e.get("env"), file, "env");
        List<CdiEdits.DeviceNode> nodes = new ArrayList<>();
        for (Object o : list(e.get("deviceNodes"), file, "deviceNodes")) {
            Map<String, Object> n = map(o, file, "a device node of " + of);
            String path = string(n.get("path"));
            if (!path.startsWith("/")) {
                throw bad(file, "has a device node of " + of + " without an absolute path");
            }
            nodes.add(new CdiEdits.DeviceNode(
                    path,
                    string(n.get("hostPath")),
                    n.get("type") == null ? null : string(n.get("type")),
                    number(n.get("major"), -1),
                    number(n.get("minor"), -1),
                    n.get("fileMode") == null ? null : (int) number(n.get("fileMode"), 0),
                    string(n.get("permissions")),
                    n.get("uid") == null ? null : number(n.get("uid"), 0),
                    n.get("gid") == null ? null : number(n.get("gid"), 0)));
        }
        List<CdiEdits.Mount> mounts = new ArrayList<>();
        for (Object o : list(e.get("mounts"), file, "mounts")) {
            Map<String, Object> m = map(o, file, "a mount of " + of);
            String target = string(m.get("containerPath"));
            if (!target.startsWith("/") || string(m.get("hostPath")).isEmpty()) {
                throw bad(file, "has a mount of " + of + " without hostPath or an absolute containerPath");
            }
            mounts.add(new CdiEdits.Mount(
                    string(m.get("hostPath")),
                    target,
                    string(m.get("type")),
                    strings(m.get("options"), file, "options")));
        }
        List<CdiEdits.Hook> hooks = new ArrayList<>();
        for (Object o : list(e.get("hooks"), file, "hooks")) {
            Map<String, Object> h = map(o, file, "a hook of " + of);
            String name = string(h.get("hookName"));
            if (!CdiEdits.Hook.NAMES.contains(name) || string(h.get("path")).isEmpty()) {
                throw bad(
                        file,
                        "has a hook of " + of + " named \"" + name + "\" (one of " + CdiEdits.Hook.NAMES
                                + ", with a path)");
            }
            hooks.add(new CdiEdits.Hook(
                    name,
                    string(h.get("path")),
                    strings(h.get("args"), file, "args"),
                    strings(h.get("env"), file, "env"),
                    h.get("timeout") == null ? null : number(h.get("timeout"), 0)));
        }
        List<Long> gids = new ArrayList<>();
        for (Object o : list(e.get("additionalGids"), file, "additionalGids")) {
            gids.add(number(o, 0));
        }
        return new CdiEdits(env, nodes, mounts, hooks, gids);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(@Nullable Object o, String file, String what) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw bad(file, ": " + what + " is not an object");
    }

    private static List<?> list(@Nullable Object o, String file, String what) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l;
        }
        throw bad(file, ": " + what + " is not a list");
    }

    private static List<String> strings(@Nullable Object o, String file, String what) {
        return list(o, file, what).stream().map(CdiSpec::string).toList();
    }

    private static String string(@Nullable Object o) {
        return o == null ? "" : o.toString();
    }

    private static long number(@Nullable Object o, long fallback) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o == null) {
            return fallback;
        }
        try {
            return Long.decode(o.toString().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static JcriException.InvalidArgument bad(String file, String what) {
        return new JcriException.InvalidArgument("CDI spec " + file + " " + what);
    }
}
