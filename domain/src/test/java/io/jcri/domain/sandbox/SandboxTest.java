package io.jcri.domain.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PodIps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxTest {
    static final SandboxPaths PATHS =
            new SandboxPaths(Path.of("/h"), Path.of("/hosts"), Path.of("/resolv"), Optional.empty());

    static Sandbox sandbox(SandboxConfig config) {
        return new Sandbox(
                "id1",
                config,
                "runc",
                "pause",
                Instant.EPOCH,
                SandboxState.NOT_READY,
                0,
                "/run/netns/id1",
                new PodIps(List.of("10.0.0.2")),
                "pods",
                PATHS,
                List.of(),
                DnsConfig.NONE);
    }

    @Test
    void statesTransitionAndReportAsTheCriNamesThem() {
        Sandbox s = sandbox(
                SandboxConfig.builder("web", "uid1", "default").attempt(2).build());
        assertThat(s.ready()).isFalse();
        Sandbox running = s.running(42);
        assertThat(running.ready()).isTrue();
        assertThat(running.pid()).isEqualTo(42);
        assertThat(running.state().phase()).isEqualTo(SandboxState.Phase.READY);
        Sandbox stopped = running.stopped();
        assertThat(stopped.pid()).isZero();
        assertThat(stopped.state().phase()).isEqualTo(SandboxState.Phase.NOT_READY);
        assertThat(running.withState(SandboxState.UNKNOWN).state().phase()).isEqualTo(SandboxState.Phase.UNKNOWN);
        assertThat(SandboxState.Phase.UNKNOWN.label()).isEqualTo("SANDBOX_NOTREADY");
        assertThat(running.withState(SandboxState.UNKNOWN).pid()).isZero();
    }

    @Test
    void reservedNameIsNameNamespaceUidAttempt() {
        Sandbox s = sandbox(
                SandboxConfig.builder("web", "uid1", "default").attempt(2).build());
        assertThat(s.reservedName()).isEqualTo("web_default_uid1_2");
    }

    @Test
    void hostNetworkFollowsTheNamespaceOption() {
        SandboxConfig host = SandboxConfig.builder("web", "u", "ns")
                .security(SandboxSecurity.defaults()
                        .withNamespaces(NamespaceOptions.pod().withNetwork(NamespaceMode.NODE)))
                .build();
        assertThat(sandbox(host).hostNetwork()).isTrue();
        assertThat(sandbox(SandboxConfig.builder("web", "u", "ns").build()).hostNetwork())
                .isFalse();
    }
}
