package io.jcri.domain.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PodIps;
import io.jcri.domain.network.PortMapping;
import io.jcri.domain.security.SeccompProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxRecordTest {

    @Test
    void roundTripsEverythingButTheState() {
        SandboxConfig config = SandboxConfig.builder("web", "uid-1", "team-a")
                .attempt(3)
                .hostname("web-0")
                .logDirectory("/var/log/pods/x")
                .labels(Map.of("app", "web"))
                .annotations(Map.of("note", "a \"quoted\" value"))
                .cgroupParent("/kubepods/pod1")
                .sysctls(Map.of("net.ipv4.ip_forward", "1"))
                .security(SandboxSecurity.defaults()
                        .withNamespaces(NamespaceOptions.pod().withPid(NamespaceMode.NODE))
                        .withRunAs(1000L, 2000L)
                        .withSupplementalGroups(List.of(3000L))
                        .withSeccomp(SeccompProfile.runtimeDefault()))
                .build();
        Sandbox s = new Sandbox(
                "abc",
                config,
                "runc",
                "registry.k8s.io/pause:3.10",
                Instant.parse("2026-11-29T00:00:01.123456789Z"),
                SandboxState.READY,
                77,
                "/run/jcri/netns/abc",
                new PodIps(List.of("10.88.0.5", "fd00::5")),
                "pods",
                new SandboxPaths(
                        Path.of("/a/hostname"),
                        Path.of("/a/hosts"),
                        Path.of("/a/resolv.conf"),
                        Optional.of(Path.of("/s/shm"))),
                List.of(new PortMapping(PortMapping.Protocol.TCP, 80, 8080, "127.0.0.1")),
                new DnsConfig(List.of("10.96.0.10"), List.of("svc.cluster.local"), List.of("ndots:5")));
        Sandbox back = SandboxRecord.decode(SandboxRecord.encode(s));
        assertThat(back.state()).isEqualTo(SandboxState.UNKNOWN);
        assertThat(back.pid()).isZero();
        assertThat(back.withState(SandboxState.READY).running(77)).isEqualTo(s);
    }

    @Test
    void hostNetworkSandboxHasNoNetnsNorIps() {
        Sandbox s = new Sandbox(
                "h",
                SandboxConfig.builder("n", "u", "ns").build(),
                "runc",
                "",
                Instant.EPOCH,
                SandboxState.NOT_READY,
                0,
                null,
                null,
                "",
                new SandboxPaths(Path.of("/h"), Path.of("/o"), Path.of("/r"), Optional.empty()),
                List.of(),
                DnsConfig.NONE);
        Sandbox back = SandboxRecord.decode(SandboxRecord.encode(s));
        assertThat(back.netnsPath()).isEmpty();
        assertThat(back.podIps()).isEmpty();
        assertThat(back.paths().shm()).isEmpty();
    }

    @Test
    void unreadableRecordIsAnInternalError() {
        assertThatThrownBy(() -> SandboxRecord.decode("{\"id\":1}"))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageContaining("sandbox record");
    }
}
