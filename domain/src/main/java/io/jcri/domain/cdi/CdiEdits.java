package io.jcri.domain.cdi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CDI spec's {@code containerEdits}: what a device (or every device of a spec) adds to a
 * container: environment ({@code KEY=VALUE}), device nodes, mounts, hooks and additional group
 * IDs. Edits of several devices add up in the order they were asked for.
 */
public record CdiEdits(
        List<String> env,
        List<DeviceNode> deviceNodes,
        List<Mount> mounts,
        List<Hook> hooks,
        List<Long> additionalGids) {

    public static final CdiEdits NONE = new CdiEdits(List.of(), List.of(), List.of(), List.of(), List.of());

    public CdiEdits {
        env = List.copyOf(env);
        deviceNodes = List.copyOf(deviceNodes);
        mounts = List.copyOf(mounts);
        hooks = List.copyOf(hooks);
        additionalGids = List.copyOf(additionalGids);
    }

    public boolean isEmpty() {
        return env.isEmpty()
                && deviceNodes.isEmpty()
                && mounts.isEmpty()
                && hooks.isEmpty()
                && additionalGids.isEmpty();
    }

    /** These edits, then {@code more}'s. */
    public CdiEdits plus(CdiEdits more) {
        return new CdiEdits(
                concat(env, more.env),
                concat(deviceNodes, more.deviceNodes),
                concat(mounts, more.mounts),
                concat(hooks, more.hooks),
                concat(additionalGids, more.additionalGids));
    }

    /** These edits with the device nodes replaced (their numbers found on the node). */
    public CdiEdits withDeviceNodes(List<DeviceNode> nodes) {
        return new CdiEdits(env, nodes, mounts, hooks, additionalGids);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * A device node to create in the container at {@code path}, from {@code hostPath} (the same
     * when the spec gives none). {@code type}, {@code major} and {@code minor} may be left to the
     * node ({@code null}, -1): they are read from the host path before the spec is edited.
     * {@code permissions} is the cgroup access ({@code rwm} when empty).
     */
    public record DeviceNode(
            String path,
            String hostPath,
            @Nullable String type,
            long major,
            long minor,
            @Nullable Integer fileMode,
            String permissions,
            @Nullable Long uid,
            @Nullable Long gid) {
        public DeviceNode {
            Objects.requireNonNull(path, "path");
            hostPath = hostPath == null || hostPath.isEmpty() ? path : hostPath;
            permissions = permissions == null || permissions.isEmpty() ? "rwm" : permissions;
        }

        /** Whether the node's type and numbers are all known. */
        public boolean complete() {
            return type != null && (type.equals("p") || (major >= 0 && minor >= 0));
        }
    }

    /** A mount of {@code hostPath} at {@code containerPath}; {@code type} is {@code bind} when empty. */
    public record Mount(String hostPath, String containerPath, String type, List<String> options) {
        public Mount {
            Objects.requireNonNull(hostPath, "hostPath");
            Objects.requireNonNull(containerPath, "containerPath");
            type = type == null || type.isEmpty() ? "bind" : type;
            options = List.copyOf(options);
        }
    }

    /** An OCI hook: {@code hookName} is the OCI hook point ({@code createContainer}, ...). */
    public record Hook(
            String hookName,
            String path,
            List<String> args,
            List<String> env,
            @Nullable Long timeout) {
        public static final List<String> NAMES =
                List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

        public Hook {
            Objects.requireNonNull(hookName, "hookName");
            Objects.requireNonNull(path, "path");
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
    }
}
