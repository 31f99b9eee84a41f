package io.jcri.domain.oci;

import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code linux.namespaces} of sandboxes and containers. A sandbox (the pause process) makes
 * the pod's namespaces; a container joins them through {@code /proc/<pause pid>/ns/*}.
 *
 * <table>
 *   <caption>namespace entries by mode</caption>
 *   <tr><th>mode</th><th>sandbox</th><th>container</th></tr>
 *   <tr><td>network POD</td><td>the pinned netns path (new if none)</td><td>pause's net</td></tr>
 *   <tr><td>network NODE</td><td>none (and no uts)</td><td>none (and no uts)</td></tr>
 *   <tr><td>ipc POD</td><td>new</td><td>pause's ipc</td></tr>
 *   <tr><td>ipc NODE</td><td>none</td><td>none</td></tr>
 *   <tr><td>pid POD</td><td>new</td><td>pause's pid</td></tr>
 *   <tr><td>pid CONTAINER</td><td>new</td><td>new</td></tr>
 *   <tr><td>pid NODE</td><td>none</td><td>none</td></tr>
 *   <tr><td>pid TARGET</td><td>refused</td><td>the target's pid</td></tr>
 * </table>
 *
 * A mount namespace is always new; a cgroup namespace is new on cgroup v2 for unprivileged ones.
 */
public final class Namespaces {
    private Namespaces() {}

    public static List<OciSpec.Namespace> sandbox(
            NamespaceOptions options, @Nullable String netnsPath, boolean cgroupNamespace) {
        List<OciSpec.Namespace> out = new ArrayList<>();
        if (options.pid() == NamespaceMode.TARGET) {
            throw new JcriException.InvalidArgument("a pod sandbox cannot use the TARGET pid namespace mode");
        }
        if (options.pid() != NamespaceMode.NODE) {
            out.add(new OciSpec.Namespace("pid", null));
        }
        if (options.network() != NamespaceMode.NODE) {
            out.add(new OciSpec.Namespace("network", netnsPath == null || netnsPath.isEmpty() ? null : netnsPath));
        }
        if (options.ipc() != NamespaceMode.NODE) {
            out.add(new OciSpec.Namespace("ipc", null));
        }
        if (options.network() != NamespaceMode.NODE) {
            out.add(new OciSpec.Namespace("uts", null));
        }
        out.add(new OciSpec.Namespace("mount", null));
        if (cgroupNamespace) {
            out.add(new OciSpec.Namespace("cgroup", null));
        }
        return out;
    }

    public static List<OciSpec.Namespace> container(
            String containerName, NamespaceOptions options, long pausePid, long targetPid, boolean cgroupNamespace) {
        List<OciSpec.Namespace> out = new ArrayList<>();
        switch (options.pid()) {
            case POD -> out.add(new OciSpec.Namespace("pid", proc(containerName, pausePid, "pid")));
            case CONTAINER -> out.add(new OciSpec.Namespace("pid", null));
            case NODE -> {}
            case TARGET -> {
                if (targetPid <= 0) {
                    throw new JcriException.InvalidArgument("container \"" + containerName
                            + "\" asks for the pid namespace of target container \"" + options.targetId()
                            + "\", which is not running");
                }
                out.add(new OciSpec.Namespace("pid", "/proc/" + targetPid + "/ns/pid"));
            }
        }
        if (options.network() != NamespaceMode.NODE) {
            out.add(new OciSpec.Namespace("network", proc(containerName, pausePid, "net")));
        }
        if (options.ipc() != NamespaceMode.NODE) {
            out.add(new OciSpec.Namespace("ipc", proc(containerName, pausePid, "ipc")));
        }
        if (options.network() != NamespaceMode.NODE) {
            out.add(new OciSpec.Namespace("uts", proc(containerName, pausePid, "uts")));
        }
        out.add(new OciSpec.Namespace("mount", null));
        if (cgroupNamespace) {
            out.add(new OciSpec.Namespace("cgroup", null));
        }
        return out;
    }

    private static String proc(String containerName, long pausePid, String ns) {
        if (pausePid <= 0) {
            throw new JcriException.FailedPrecondition("container \"" + containerName
                    + "\" joins its pod's namespaces, but the pod has no running sandbox");
        }
        return "/proc/" + pausePid + "/ns/" + ns;
    }
}
