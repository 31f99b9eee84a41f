package io.jcri.domain.stats;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pod's network counters: every interface in its netns but loopback; the default one is
 * {@code eth0} when there is one, else the first.
 */
public record NetworkUsage(Instant timestamp, List<InterfaceCounters> interfaces) {
    public static final String DEFAULT_INTERFACE = "eth0";

    public NetworkUsage {
        Objects.requireNonNull(timestamp, "timestamp");
        interfaces = List.copyOf(interfaces);
    }

    public @Nullable InterfaceCounters defaultInterface() {
        return interfaces.stream()
                .filter(i -> i.name().equals(DEFAULT_INTERFACE))
                .findFirst()
                .orElse(interfaces.isEmpty() ? null : interfaces.get(0));
    }
}
