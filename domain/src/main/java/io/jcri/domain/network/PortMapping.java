package io.jcri.domain.network;

import java.util.Locale;
import java.util.Objects;

/**
 * A port of the pod published on the node: traffic to {@code hostIp:hostPort} (any host address
 * when {@code hostIp} is empty) over {@code protocol} goes to {@code containerPort} in the pod's
 * network namespace.
 */
public record PortMapping(Protocol protocol, int containerPort, int hostPort, String hostIp) {

    /** The transport protocols a mapping can carry. */
    public enum Protocol {
        TCP,
        UDP,
        SCTP;

        /** The name CNI plugins expect ({@code tcp}, {@code udp}, {@code sctp}). */
        public String cniName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PortMapping {
        Objects.requireNonNull(protocol, "protocol");
        hostIp = hostIp == null ? "" : hostIp;
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("containerPort " + containerPort + " is not in 1..65535");
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort " + hostPort + " is not in 0..65535");
        }
    }

    /** Whether the port is published on the node (a host port of 0 publishes nothing). */
    public boolean published() {
        return hostPort > 0;
    }
}
