package io.jcri.domain.task;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task's init process ({@code execId} empty) or an exec process, as the engine sees it now.
 * {@code exitCode} and {@code exitedAt} mean something only when {@code status} is STOPPED.
 */
public record ProcessState(
        String containerId, String execId, int pid, TaskStatus status, TaskIo io, int exitCode, Instant exitedAt) {
    public ProcessState {
        Objects.requireNonNull(containerId, "containerId");
        execId = execId == null ? "" : execId;
        Objects.requireNonNull(status, "status");
        io = io == null ? TaskIo.none() : io;
    }

    /** The exit, when the process has stopped. */
    public Optional<ProcessExit> exit() {
        return status == TaskStatus.STOPPED && exitedAt != null
                ? Optional.of(new ProcessExit(pid, exitCode, exitedAt))
                : Optional.empty();
    }
}
