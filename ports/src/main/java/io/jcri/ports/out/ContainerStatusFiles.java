package io.jcri.ports.out;

import io.jcri.domain.container.ContainerState;
import java.util.List;
import java.util.Optional;

/**
 * The small durable file per container that holds what changes (its state: pid, start and finish
 * times, exit code, reason, message), so a restarted jcri knows how a container ended.
 */
public interface ContainerStatusFiles {

    /**
     * Replaces the container's status atomically (a reader sees the old or the new one, never
     * half of one; it survives a crash once this returns).
     *
     * @throws io.jcri.domain.error.JcriException.Internal naming the file when it cannot be
     *     written
     */
    void write(String containerId, ContainerState state);

    /** The status last written, or empty when there is none (or it cannot be read). */
    Optional<ContainerState> read(String containerId);

    /** Removes the container's status and its directory; idempotent. */
    void delete(String containerId);

    /** The containers that have a status file, for recovery's leftover sweep. */
    List<String> containerIds();
}
