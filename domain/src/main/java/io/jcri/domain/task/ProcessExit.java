package io.jcri.domain.task;

import java.time.Instant;
import java.util.Objects;

/**
 * How a process ended: its pid, its exit code (128 + signal when a signal killed it) and when it
 * exited.
 */
public record ProcessExit(int pid, int exitCode, Instant exitedAt) {
    public ProcessExit {
        Objects.requireNonNull(exitedAt, "exitedAt");
    }
}
