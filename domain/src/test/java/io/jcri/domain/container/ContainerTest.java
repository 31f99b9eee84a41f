package io.jcri.domain.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-01-01T00:00:05Z");
    static final Instant T2 = Instant.parse("2026-01-01T00:00:09Z");

    static final ContainerState CREATED = ContainerState.CREATED;
    static final ContainerState RUNNING = new ContainerState.Running(42, T1);
    static final ContainerState EXITED = new ContainerState.Exited(T1, T2, 3, "Error", "");
    static final ContainerState UNKNOWN = new ContainerState.Unknown("task gone");

    static Container in(ContainerState state) {
        ContainerMetadata m = new ContainerMetadata(
                "c1",
                "s1",
                "app",
                0,
                "busybox",
                "sha256:1",
                "sha256:1",
                T0,
                "/logs/app.log",
                Map.of(),
                Map.of(),
                List.<ContainerMount>of(),
                false,
                false,
                false,
                15,
                "runc",
                "overlayfs",
                null,
                null);
        return new Container(m, LinuxResources.NONE, state);
    }

    static Stream<Arguments> table() {
        UnaryOperator<Container> start = c -> c.start(7, T2);
        UnaryOperator<Container> exit0 = c -> c.exit(T2, 0, false, "");
        UnaryOperator<Container> exit1 = c -> c.exit(T2, 1, false, "");
        UnaryOperator<Container> oom = c -> c.exit(T2, 137, true, "");
        UnaryOperator<Container> startFailed = c -> c.startFailed(T2, "exec: nope");
        return Stream.of(
                Arguments.of("created.start", CREATED, start, new ContainerState.Running(7, T2)),
                Arguments.of("unknown.start", UNKNOWN, start, new ContainerState.Running(7, T2)),
                Arguments.of("running.start", RUNNING, start, null),
                Arguments.of("exited.start", EXITED, start, null),
                Arguments.of(
                        "running.exit0",
                        RUNNING,
                        exit0,
                        new ContainerState.Exited(T1, T2, 0, ExitReason.COMPLETED, "")),
                Arguments.of(
                        "running.exit1", RUNNING, exit1, new ContainerState.Exited(T1, T2, 1, ExitReason.ERROR, "")),
                Arguments.of(
                        "running.oom", RUNNING, oom, new ContainerState.Exited(T1, T2, 137, ExitReason.OOM_KILLED, "")),
                Arguments.of(
                        "created.exit1", CREATED, exit1, new ContainerState.Exited(null, T2, 1, ExitReason.ERROR, "")),
                Arguments.of("exited.exit0", EXITED, exit0, EXITED),
                Arguments.of(
                        "created.startFailed",
                        CREATED,
                        startFailed,
                        new ContainerState.Exited(null, T2, 128, ExitReason.START_ERROR, "exec: nope")),
                Arguments.of("exited.startFailed", EXITED, startFailed, EXITED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void transitions(String name, ContainerState from, UnaryOperator<Container> op, ContainerState expected) {
        Container c = in(from);
        if (expected == null) {
            assertThatThrownBy(() -> op.apply(c))
                    .isInstanceOf(JcriException.FailedPrecondition.class)
                    .hasMessageContaining("container c1 is " + from.phase().label());
        } else {
            assertThat(op.apply(c).state()).isEqualTo(expected);
        }
    }

    @Test
    void phasesLabelsAndPid() {
        assertThat(in(CREATED).state().phase()).isEqualTo(ContainerState.Phase.CREATED);
        assertThat(in(RUNNING).state().phase().label()).isEqualTo("CONTAINER_RUNNING");
        assertThat(in(EXITED).state().phase()).isEqualTo(ContainerState.Phase.EXITED);
        assertThat(in(UNKNOWN).state().phase()).isEqualTo(ContainerState.Phase.UNKNOWN);
        assertThat(in(RUNNING).pid()).isEqualTo(42);
        assertThat(in(EXITED).pid()).isZero();
        assertThat(in(RUNNING).unknown("x").state()).isEqualTo(new ContainerState.Unknown("x"));
    }

    @Test
    void reasonsFollowTheKubeletsNames() {
        assertThat(ExitReason.of(0, false)).isEqualTo("Completed");
        assertThat(ExitReason.of(3, false)).isEqualTo("Error");
        assertThat(ExitReason.of(0, true)).isEqualTo("OOMKilled");
    }

    @Test
    void reservedNameIsPerSandboxAndAttempt() {
        assertThat(in(CREATED).metadata().reservedName()).isEqualTo("app_s1_0");
    }
}
