package io.jcri.domain.container;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A container's state. Each state carries only what it has: a running container its pid and
 * start time, an exited one how it ended.
 *
 * <pre>
 *   (CreateContainer) --> Created --task started--> Running --task exited--> Exited
 *                            |                                                  ^
 *                            +----------start failed / task exited early--------+
 *   any --the engine cannot say (task gone, record unreadable)--> Unknown
 * </pre>
 *
 * <p>{@link Exited} is final: later exits do not change it. {@code startedAt} of an exited
 * container is {@code null} when it never started.
 */
public sealed interface ContainerState {
    Created CREATED = new Created();

    /** Which of the four states this is, for filters and for the protocols' switches. */
    Phase phase();

    /** The four states by name. */
    enum Phase {
        CREATED,
        RUNNING,
        EXITED,
        UNKNOWN;

        /**
         * The state as messages and the admin API spell it, {@code CONTAINER_RUNNING}: the
         * spelling kubelet and crictl users read.
         */
        public String label() {
            return "CONTAINER_" + name();
        }
    }

    record Created() implements ContainerState {
        @Override
        public Phase phase() {
            return Phase.CREATED;
        }
    }

    record Running(int pid, Instant startedAt) implements ContainerState {
        public Running {
            Objects.requireNonNull(startedAt, "startedAt");
        }

        @Override
        public Phase phase() {
            return Phase.RUNNING;
        }
    }

    record Exited(@Nullable Instant startedAt, Instant finishedAt, int exitCode, String reason, String message)
            implements ContainerState {
        public Exited {
            Objects.requireNonNull(finishedAt, "finishedAt");
            reason = reason == null ? "" : reason;
            message = message == null ? "" : message;
        }

        @Override
        public Phase phase() {
            return Phase.EXITED;
        }
    }

    /** The engine cannot say what became of the container; {@code message} says why. */
    record Unknown(String message) implements ContainerState {
        public Unknown {
            message = message == null ? "" : message;
        }

        @Override
        public Phase phase() {
            return Phase.UNKNOWN;
        }
    }
}
