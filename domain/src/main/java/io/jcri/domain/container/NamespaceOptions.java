package io.jcri.domain.container;

import java.util.Objects;

/**
 * The namespace modes of a pod or container. {@code targetId} names the container whose PID
 * namespace is joined when {@code pid} is {@link NamespaceMode#TARGET}, and is empty otherwise.
 */
public record NamespaceOptions(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc, String targetId) {
    public NamespaceOptions {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(ipc, "ipc");
        targetId = targetId == null ? "" : targetId;
    }

    /** Everything shared within the pod, nothing with the node: the CRI default. */
    public static NamespaceOptions pod() {
        return new NamespaceOptions(NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD, "");
    }

    public NamespaceOptions withNetwork(NamespaceMode mode) {
        return new NamespaceOptions(mode, pid, ipc, targetId);
    }

    public NamespaceOptions withPid(NamespaceMode mode) {
        return new NamespaceOptions(network, mode, ipc, targetId);
    }

    public NamespaceOptions withIpc(NamespaceMode mode) {
        return new NamespaceOptions(network, pid, mode, targetId);
    }

    public NamespaceOptions withTarget(String containerId) {
        return new NamespaceOptions(network, NamespaceMode.TARGET, ipc, containerId);
    }
}
