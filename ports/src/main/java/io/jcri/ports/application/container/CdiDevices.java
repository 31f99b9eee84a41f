package io.jcri.ports.application.container;

import io.jcri.domain.cdi.CdiEdits;
import io.jcri.domain.cdi.CdiRegistry;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerHost;
import java.util.ArrayList;
import java.util.List;

/**
 * The CDI devices a container asks for (its {@code CDI_devices} and {@code cdi.k8s.io/}
 * annotations), resolved against the node's spec files into edits, with every device node's type
 * and numbers known (read from its host path where the spec leaves them out).
 */
final class CdiDevices {
    private CdiDevices() {}

    /**
     * @throws JcriException.InvalidArgument naming a device no spec defines, or a device node
     *     whose host path is not a device
     */
    static CdiEdits resolve(ContainerHost host, ContainerConfig config) {
        List<String> names = CdiRegistry.requested(config.cdiDevices(), config.annotations());
        if (names.isEmpty()) {
            return CdiEdits.NONE;
        }
        CdiEdits edits = host.cdiDevices().resolve(config.name(), names);
        List<CdiEdits.DeviceNode> nodes = new ArrayList<>();
        for (CdiEdits.DeviceNode n : edits.deviceNodes()) {
            nodes.add(n.complete() ? n : completed(host, config.name(), n));
        }
        return edits.withDeviceNodes(nodes);
    }

    private static CdiEdits.DeviceNode completed(ContainerHost host, String container, CdiEdits.DeviceNode n) {
        DeviceNode found = host.deviceNode(n.hostPath())
                .orElseThrow(() -> new JcriException.InvalidArgument("container \"" + container
                        + "\": CDI device node " + n.path() + " has no type and numbers, and its host path "
                        + n.hostPath() + " is not a device node"));
        return new CdiEdits.DeviceNode(
                n.path(),
                n.hostPath(),
                String.valueOf(found.type()),
                found.major(),
                found.minor(),
                n.fileMode() != null ? n.fileMode() : found.fileMode(),
                n.permissions(),
                n.uid() != null ? n.uid() : found.uid(),
                n.gid() != null ? n.gid() : found.gid());
    }
}
