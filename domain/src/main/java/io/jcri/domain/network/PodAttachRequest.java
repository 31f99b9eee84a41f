package io.jcri.domain.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What attaching a sandbox to the pod network needs: the sandbox id (the CNI container id), the
 * pod's name, namespace and uid (passed to plugins as {@code K8S_POD_*}), the sandbox's pinned
 * network namespace, the pod's port mappings and its DNS settings.
 */
public record PodAttachRequest(
        String sandboxId,
        String podName,
        String podNamespace,
        String podUid,
        Path netns,
        List<PortMapping> portMappings,
        DnsConfig dns) {
    public PodAttachRequest {
        Objects.requireNonNull(sandboxId, "sandboxId");
        podName = podName == null ? "" : podName;
        podNamespace = podNamespace == null ? "" : podNamespace;
        podUid = podUid == null ? "" : podUid;
        Objects.requireNonNull(netns, "netns");
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        dns = dns == null ? DnsConfig.NONE : dns;
    }
}
