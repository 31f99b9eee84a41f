package io.jcri.domain.task;

import java.time.Instant;
import java.util.Objects;

/**
 * What the engine reports about tasks as it happens. {@code execId} is empty for a task's init
 * process.
 */
public sealed interface TaskEvent {
    /** The container the event is about. */
    String containerId();

    /** A process ended: the init process ({@code execId} empty) or an exec process. */
    record Exited(String containerId, String execId, int pid, int exitCode, Instant exitedAt) implements TaskEvent {
        public Exited {
            Objects.requireNonNull(containerId, "containerId");
            execId = execId == null ? "" : execId;
            Objects.requireNonNull(exitedAt, "exitedAt");
        }

        public boolean isInit() {
            return execId.isEmpty();
        }
    }

    /** The kernel's OOM killer killed a process of the container (an Exited usually follows). */
    record OutOfMemory(String containerId) implements TaskEvent {
        public OutOfMemory {
            Objects.requireNonNull(containerId, "containerId");
        }
    }

    /** A task's init process started. */
    record Started(String containerId, int pid) implements TaskEvent {
        public Started {
            Objects.requireNonNull(containerId, "containerId");
        }
    }

    /** A task was deleted; its exit as the engine recorded it. */
    record Deleted(String containerId, int pid, int exitCode, Instant exitedAt) implements TaskEvent {
        public Deleted {
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(exitedAt, "exitedAt");
        }
    }
}
