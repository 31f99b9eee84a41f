package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.cri.v1.ContainerStateValue;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStateValue;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.SandboxState;
import org.junit.jupiter.api.Test;

class StateProtoMapperTest {

    @Test
    void everyContainerStateFiltersForItself() {
        for (ContainerState.Phase phase : ContainerState.Phase.values()) {
            io.jcri.cri.v1.ContainerState wire = StateProtoMapper.container(phase);
            assertThat(wire.name()).isEqualTo(phase.label());
            assertThat(StateProtoMapper.containerFilter(
                            ContainerStateValue.newBuilder().setState(wire).build()))
                    .containsExactly(phase);
        }
    }

    @Test
    void anUnknownSandboxIsNotReadyOnTheWireAndInFilters() {
        assertThat(StateProtoMapper.sandbox(SandboxState.Phase.UNKNOWN)).isEqualTo(PodSandboxState.SANDBOX_NOTREADY);
        assertThat(StateProtoMapper.sandbox(SandboxState.Phase.READY)).isEqualTo(PodSandboxState.SANDBOX_READY);
        assertThat(StateProtoMapper.sandboxFilter(sandbox(PodSandboxState.SANDBOX_NOTREADY)))
                .containsExactlyInAnyOrder(SandboxState.Phase.NOT_READY, SandboxState.Phase.UNKNOWN);
        assertThat(StateProtoMapper.sandboxFilter(sandbox(PodSandboxState.SANDBOX_READY)))
                .containsExactly(SandboxState.Phase.READY);
    }

    @Test
    void anUnrecognizedFilterStateIsInvalid() {
        assertThatThrownBy(() -> StateProtoMapper.containerFilter(
                        ContainerStateValue.newBuilder().setStateValue(17).build()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessage("container filter: unknown state 17");
        assertThatThrownBy(() -> StateProtoMapper.sandboxFilter(
                        PodSandboxStateValue.newBuilder().setStateValue(9).build()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessage("pod sandbox filter: unknown state 9");
    }

    private static PodSandboxStateValue sandbox(PodSandboxState state) {
        return PodSandboxStateValue.newBuilder().setState(state).build();
    }
}
