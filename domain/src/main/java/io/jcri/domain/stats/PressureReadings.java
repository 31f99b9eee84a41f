package io.jcri.domain.stats;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pressure stall information of one cgroup (cgroup v2's {@code cpu.pressure}, {@code
 * memory.pressure}, {@code io.pressure}), each {@code null} where the kernel gives none. Cgroup v1
 * has no PSI: there the whole reading is absent, never zero.
 */
public record PressureReadings(
        Instant timestamp,
        @Nullable Psi cpu,
        @Nullable Psi memory,
        @Nullable Psi io) {
    public PressureReadings {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Whether any of the three is known. */
    public boolean any() {
        return cpu != null || memory != null || io != null;
    }

    /** One resource's pressure: {@code some} tasks stalled, or {@code full}y stalled. */
    public record Psi(Data some, Data full) {
        public Psi {
            Objects.requireNonNull(some, "some");
            Objects.requireNonNull(full, "full");
        }
    }

    /**
     * One PSI line: the total stall time in microseconds and the share of time stalled (percent)
     * over the last 10, 60 and 300 seconds.
     */
    public record Data(long totalMicros, double avg10, double avg60, double avg300) {
        public static final Data ZERO = new Data(0, 0, 0, 0);
    }
}
