package io.jcri.domain.network;

import java.util.Objects;

/**
 * A sandbox attached to the pod network: the sandbox id, the network's name, the pod's IPs and
 * the network's raw result (the last plugin's answer, JSON) for verbose status.
 */
public record PodNetworkAttachment(String sandboxId, String network, PodIps ips, String resultJson) {
    public PodNetworkAttachment {
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(ips, "ips");
        Objects.requireNonNull(resultJson, "resultJson");
    }
}
