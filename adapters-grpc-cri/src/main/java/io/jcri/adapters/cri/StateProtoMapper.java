package io.jcri.adapters.cri;

import io.jcri.cri.v1.ContainerStateValue;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStateValue;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.SandboxState;
import java.util.Set;

/**
 * The one place where jcri's container and sandbox states meet the CRI's enums, both ways, by
 * exhaustive switches: a new state fails the build here rather than a lookup by name at run time.
 */
final class StateProtoMapper {
    private StateProtoMapper() {}

    static io.jcri.cri.v1.ContainerState container(ContainerState.Phase phase) {
        return switch (phase) {
            case CREATED -> io.jcri.cri.v1.ContainerState.CONTAINER_CREATED;
            case RUNNING -> io.jcri.cri.v1.ContainerState.CONTAINER_RUNNING;
            case EXITED -> io.jcri.cri.v1.ContainerState.CONTAINER_EXITED;
            case UNKNOWN -> io.jcri.cri.v1.ContainerState.CONTAINER_UNKNOWN;
        };
    }

    /** The states a ListContainers filter's state selects. */
    static Set<ContainerState.Phase> containerFilter(ContainerStateValue state) {
        return switch (state.getState()) {
            case CONTAINER_CREATED -> Set.of(ContainerState.Phase.CREATED);
            case CONTAINER_RUNNING -> Set.of(ContainerState.Phase.RUNNING);
            case CONTAINER_EXITED -> Set.of(ContainerState.Phase.EXITED);
            case CONTAINER_UNKNOWN -> Set.of(ContainerState.Phase.UNKNOWN);
            case UNRECOGNIZED ->
                throw new JcriException.InvalidArgument("container filter: unknown state " + state.getStateValue());
        };
    }

    /** An unknown sandbox reads as not ready: the CRI has no unknown pod state. */
    static PodSandboxState sandbox(SandboxState.Phase phase) {
        return switch (phase) {
            case READY -> PodSandboxState.SANDBOX_READY;
            case NOT_READY, UNKNOWN -> PodSandboxState.SANDBOX_NOTREADY;
        };
    }

    /** The states a ListPodSandbox filter's state selects: not ready takes in the unknown ones. */
    static Set<SandboxState.Phase> sandboxFilter(PodSandboxStateValue state) {
        return switch (state.getState()) {
            case SANDBOX_READY -> Set.of(SandboxState.Phase.READY);
            case SANDBOX_NOTREADY -> Set.of(SandboxState.Phase.NOT_READY, SandboxState.Phase.UNKNOWN);
            case UNRECOGNIZED ->
                throw new JcriException.InvalidArgument("pod sandbox filter: unknown state " + state.getStateValue());
        };
    }
}
