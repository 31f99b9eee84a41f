package io.jcri.domain.stats;

import java.util.Objects;

/** One network interface's cumulative counters, as the kernel keeps them in the pod's netns. */
public record InterfaceCounters(String name, long rxBytes, long rxErrors, long txBytes, long txErrors) {
    public InterfaceCounters {
        Objects.requireNonNull(name, "name");
    }
}
