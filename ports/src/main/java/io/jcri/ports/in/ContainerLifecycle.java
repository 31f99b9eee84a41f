package io.jcri.ports.in;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.task.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Container verbs of the CRI, plus what the sandbox lifecycle needs to stop and remove a
 * pod's containers.
 */
public interface ContainerLifecycle {

    /** CreateContainer: returns the new container's id; it is CONTAINER_CREATED. */
    String create(CreateCommand command);

    /** StartContainer: the container is CONTAINER_RUNNING when this returns. */
    void start(String containerId);

    /**
     * StopContainer: the stop signal, then SIGKILL after {@code timeout}; returns when the
     * container has exited. Idempotent; unknown ids succeed.
     */
    void stop(String containerId, Duration timeout);

    /** RemoveContainer: kills it if it runs; keeps its log. Idempotent; unknown ids succeed. */
    void remove(String containerId);

    /** ContainerStatus, with verbose info (pid, OCI spec) when asked. */
    StatusView status(String containerId, boolean verbose);

    /**
     * ContainerStatus when memory has the answer without waiting on anything (not verbose: always;
     * verbose: once the container's spec is known); empty when the engine must be asked (then
     * {@link #status} asks). A container that does not exist is NotFound here too.
     */
    default Optional<StatusView> statusFromMemory(String containerId, boolean verbose) {
        return verbose ? Optional.empty() : Optional.of(status(containerId, false));
    }

    /** ListContainers (and StreamContainers). */
    List<Container> list(Filter filter);

    /** ExecSync: runs {@code command} to completion, or fails with DeadlineExceeded. */
    ExecResult execSync(ExecSyncCommand command);

    /** UpdateContainerResources: changes a created or running container's cgroup. */
    void updateResources(String containerId, LinuxResources resources);

    /**
     * UpdatePodSandboxResources: accepted best effort, as the CRI allows; the sandbox must
     * exist.
     */
    void updateSandboxResources(String sandboxId, LinuxResources overhead, LinuxResources resources);

    /** ReopenContainerLog: the container must be running. */
    void reopenLog(String containerId);

    /** For StopPodSandbox: stops every container of the sandbox, each with {@code timeout}. */
    void stopAllIn(String sandboxId, Duration timeout);

    /** For RemovePodSandbox: removes every container of the sandbox (killing running ones). */
    void removeAllIn(String sandboxId);

    /**
     * @param sandboxId the sandbox the container joins (must be ready)
     * @param config what the CRI asked for
     * @param stopSignal the CRI's stop signal (a name such as {@code SIGTERM}); empty for the
     *     image's, else SIGTERM
     */
    record CreateCommand(String sandboxId, ContainerConfig config, String stopSignal) {
        public CreateCommand {
            Objects.requireNonNull(sandboxId, "sandboxId");
            Objects.requireNonNull(config, "config");
            stopSignal = stopSignal == null ? "" : stopSignal;
        }
    }

    /** @param timeout zero for none */
    record ExecSyncCommand(String containerId, List<String> command, Duration timeout) {
        public ExecSyncCommand {
            Objects.requireNonNull(containerId, "containerId");
            command = List.copyOf(command == null ? List.of() : command);
            timeout = timeout == null ? Duration.ZERO : timeout;
        }
    }

    /** A container and, when asked, verbose info ({@code info}: key to JSON text). */
    record StatusView(Container container, Map<String, String> info) {
        public StatusView {
            info = Map.copyOf(info == null ? Map.of() : info);
        }
    }

    /**
     * @param id an id or unique id prefix; empty for any
     * @param states the states a container may be in; empty for any
     * @param sandboxId an id or unique prefix of a sandbox; empty for any
     */
    record Filter(String id, Set<ContainerState.Phase> states, String sandboxId, Map<String, String> labelSelector) {
        public static final Filter ALL = new Filter("", Set.of(), "", Map.of());

        /** The containers of one sandbox (an id or unique prefix). */
        public static Filter inSandbox(String sandboxId) {
            return new Filter("", Set.of(), sandboxId, Map.of());
        }

        public Filter {
            id = id == null ? "" : id;
            states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(states);
            sandboxId = sandboxId == null ? "" : sandboxId;
            labelSelector = Map.copyOf(labelSelector == null ? Map.of() : labelSelector);
        }
    }
}
