package io.jcri.domain.task;

import io.jcri.domain.error.JcriException;
import java.util.Objects;

/**
 * The low-level runtime a container runs under: the containerd shim type (such as {@link
 * #RUNC_V2}) and the runc options the shim is given.
 *
 * @param type the shim type, {@code io.containerd.runc.v2}
 * @param binaryName the runc binary the shim runs (empty: {@code runc} on the shim's PATH)
 * @param root runc's state root (empty: runc's default under the shim's state)
 * @param systemdCgroup whether runc manages cgroups through systemd (cgroupsPath then reads
 *     {@code slice:prefix:name})
 */
public record OciRuntime(String type, String binaryName, String root, boolean systemdCgroup) {
    public static final String RUNC_V2 = "io.containerd.runc.v2";

    public OciRuntime {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new JcriException.InvalidArgument("runtime type is empty");
        }
        binaryName = binaryName == null ? "" : binaryName;
        root = root == null ? "" : root;
    }

    /** runc v2 with runc's defaults and cgroupfs. */
    public static OciRuntime runcV2() {
        return new OciRuntime(RUNC_V2, "", "", false);
    }
}
