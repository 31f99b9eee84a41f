package io.jcri.domain.stats;

import java.util.Objects;

/**
 * One network interface's cumulative counters, as the kernel keeps them in the pod's netns: bytes,
 * packets, errors and drops, each way.
 */
public record InterfaceCounters(
        String name,
        long rxBytes,
        long rxErrors,
        long txBytes,
        long txErrors,
        long rxPackets,
        long rxDropped,
        long txPackets,
        long txDropped) {
    public InterfaceCounters {
        Objects.requireNonNull(name, "name");
    }

    /** Counters with bytes and errors only (packets and drops 0). */
    public InterfaceCounters(String name, long rxBytes, long rxErrors, long txBytes, long txErrors) {
        this(name, rxBytes, rxErrors, txBytes, txErrors, 0, 0, 0, 0);
    }
}
