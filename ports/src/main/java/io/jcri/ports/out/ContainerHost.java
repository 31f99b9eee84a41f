package io.jcri.ports.out;

import io.jcri.domain.cdi.CdiRegistry;
import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.task.Mount;
import java.util.List;
import java.util.Optional;

/** What creating a container needs to read on the node: its facts, image files, devices, mounts. */
public interface ContainerHost {

    /** The node's facts the OCI spec depends on (cgroup version, capabilities, oom score ...). */
    HostFacts facts();

    /**
     * A small text file inside a prepared rootfs (such as {@code /etc/passwd}), read through the
     * snapshot's mounts without mounting them; empty when it is not there.
     */
    Optional<String> rootfsFile(List<Mount> rootfs, String path);

    /** The device node at {@code hostPath}, or empty when it is not one. */
    Optional<DeviceNode> deviceNode(String hostPath);

    /**
     * The CDI devices of the node's spec files, read now (device plugins write them at any time);
     * none where the node has no CDI spec directories.
     */
    default CdiRegistry cdiDevices() {
        return CdiRegistry.EMPTY;
    }

    /** Whether the mount holding {@code hostPath} is shared (needed for rshared propagation). */
    boolean onSharedMount(String hostPath);

    /**
     * A profile file's text (a Localhost seccomp profile).
     *
     * @throws io.jcri.domain.error.JcriException.InvalidArgument naming the file when it cannot be
     *     read
     */
    String readProfile(String path);
}
