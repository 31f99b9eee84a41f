package io.jcri.domain.oci;

import io.jcri.domain.error.JcriException;

/**
 * The {@code linux.cgroupsPath} of a sandbox or container under the kubelet's cgroup parent. With
 * the cgroupfs driver it is a path, {@code /parent/id}; with the systemd driver it is
 * {@code slice:prefix:name} with the parent a slice ({@code kubepods-burstable-pod….slice}). An
 * empty parent puts the cgroup under {@code /jcri} or {@code system.slice}.
 */
public final class CgroupsPath {
    private CgroupsPath() {}

    public static final String SYSTEMD_PREFIX = "jcri";

    public static String of(String parent, String id, boolean systemd) {
        if (systemd) {
            String slice = parent.isEmpty() ? "system.slice" : parent;
            int slash = slice.lastIndexOf('/');
            slice = slash < 0 ? slice : slice.substring(slash + 1);
            if (!slice.endsWith(".slice")) {
                throw new JcriException.InvalidArgument("cgroup parent \"" + parent
                        + "\" is not a systemd slice (name.slice), but the runtime handler uses systemd cgroups");
            }
            return slice + ":" + SYSTEMD_PREFIX + ":" + id;
        }
        if (parent.endsWith(".slice") && !parent.contains("/")) {
            throw new JcriException.InvalidArgument(
                    "cgroup parent \"" + parent + "\" is a systemd slice, but the runtime handler uses cgroupfs");
        }
        String base = parent.isEmpty() ? "/jcri" : parent;
        if (!base.startsWith("/")) {
            base = "/" + base;
        }
        while (base.length() > 1 && base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return (base.equals("/") ? "" : base) + "/" + id;
    }
}
