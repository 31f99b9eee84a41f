package io.jcri.ports.application.container;

import io.jcri.domain.error.JcriException;

/**
 * The OCI runtime's report that the kernel refused a value written to a cgroup file (runc:
 * {@code failed to write "<value>": write /sys/fs/cgroup/<controller>/.../<file>: invalid
 * argument}), which containerd passes on as "unknown": a resource value wrong for this node, not a
 * fault of jcri's or containerd's.
 */
final class CgroupRefusal {
    private CgroupRefusal() {}

    static boolean is(JcriException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("/sys/fs/cgroup/")
                && (m.contains("invalid argument") || m.contains("numerical result out of range"));
    }
}
