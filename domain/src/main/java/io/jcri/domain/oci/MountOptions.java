package io.jcri.domain.oci;

import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The extra bind options a CRI mount may carry ({@code Mount.mount_options}, cri-api v0.37): the
 * per-mount flags of mount(2) that a bind mount can be remounted with. Read-only, propagation and
 * recursion have their own fields, so {@code ro}, {@code rw}, {@code rbind}, {@code rshared} and
 * the like are refused here, as is anything unknown (the OCI runtime would treat an unknown word
 * as filesystem data, which a bind ignores: a silently dropped {@code noexec} is a hole).
 */
public final class MountOptions {
    private MountOptions() {}

    /** The options jcri passes on, as runc reads them. */
    public static final Set<String> SUPPORTED = Set.of(
            "noexec",
            "exec",
            "nodev",
            "dev",
            "nosuid",
            "suid",
            "noatime",
            "atime",
            "nodiratime",
            "diratime",
            "relatime",
            "norelatime",
            "strictatime",
            "nostrictatime",
            "nosymfollow",
            "symfollow");

    /** The mount's options, each checked, duplicates dropped; INVALID_ARGUMENT naming a bad one. */
    public static List<String> checked(String containerName, ContainerMount m) {
        List<String> out = new ArrayList<>();
        for (String raw : m.options()) {
            String o = raw.trim();
            if (!SUPPORTED.contains(o)) {
                throw new JcriException.InvalidArgument("container \"" + containerName + "\": mount at \""
                        + m.containerPath() + "\" has mount option \"" + raw + "\", which jcri does not take"
                        + " (supported: "
                        + String.join(", ", SUPPORTED.stream().sorted().toList()) + ")");
            }
            if (!out.contains(o)) {
                out.add(o);
            }
        }
        return out;
    }
}
