package io.jcri.domain.container;

import io.jcri.domain.error.JcriException;
import java.time.Instant;
import java.util.Objects;

/**
 * A container as jcri tracks it: its fixed {@link ContainerMetadata}, its current cgroup
 * resources (UpdateContainerResources changes them) and its {@link ContainerState}.
 * Transitions return the next record or throw a domain error:
 *
 * <pre>
 *   Created  --start(pid, at)-------------> Running
 *   Created  --startFailed(at, message)---> Exited(StartError, 128)
 *   Created  --exit(...)------------------> Exited (the task ended before it was marked running)
 *   Running  --exit(at, code, oom, msg)---> Exited(Completed | Error | OOMKilled)
 *   Exited   --exit(...)------------------> Exited, unchanged (the first exit wins)
 *   any      --unknown(message)-----------> Unknown
 *   Unknown  --start / exit---------------> as from Created / Running
 * </pre>
 */
public record Container(ContainerMetadata metadata, LinuxResources resources, ContainerState state) {

    public Container {
        Objects.requireNonNull(metadata, "metadata");
        resources = resources == null ? LinuxResources.NONE : resources;
        Objects.requireNonNull(state, "state");
    }

    public String id() {
        return metadata.id();
    }

    public String sandboxId() {
        return metadata.sandboxId();
    }

    public boolean running() {
        return state instanceof ContainerState.Running;
    }

    public boolean exited() {
        return state instanceof ContainerState.Exited;
    }

    /** The pid of the running process, or 0. */
    public int pid() {
        return state instanceof ContainerState.Running r ? r.pid() : 0;
    }

    /** The process started as {@code pid}. Only from Created (or Unknown). */
    public Container start(int pid, Instant at) {
        if (state instanceof ContainerState.Created || state instanceof ContainerState.Unknown) {
            return with(new ContainerState.Running(pid, at));
        }
        throw new JcriException.FailedPrecondition("container " + id() + " is "
                + state.phase().label() + "; only a container in CONTAINER_CREATED can be started");
    }

    /** Starting failed: exited with reason StartError, code 128 and the runtime's message. */
    public Container startFailed(Instant at, String message) {
        if (state instanceof ContainerState.Exited) {
            return this;
        }
        return with(new ContainerState.Exited(null, at, ExitReason.START_ERROR_CODE, ExitReason.START_ERROR, message));
    }

    /**
     * The process ended with {@code exitCode} at {@code at}; {@code oomKilled} when the kernel's
     * OOM killer ended it. An exited container stays as it is.
     */
    public Container exit(Instant at, int exitCode, boolean oomKilled, String message) {
        if (state instanceof ContainerState.Exited) {
            return this;
        }
        Instant startedAt = state instanceof ContainerState.Running r ? r.startedAt() : null;
        return with(new ContainerState.Exited(startedAt, at, exitCode, ExitReason.of(exitCode, oomKilled), message));
    }

    /** The engine cannot say what became of it. */
    public Container unknown(String message) {
        return with(new ContainerState.Unknown(message));
    }

    public Container withState(ContainerState next) {
        return with(next);
    }

    public Container withResources(LinuxResources next) {
        return new Container(metadata, next, state);
    }

    private Container with(ContainerState next) {
        return new Container(metadata, resources, next);
    }
}
