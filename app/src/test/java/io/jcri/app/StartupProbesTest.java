package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;

class StartupProbesTest {
    @TempDir
    Path tmp;

    private JcriProperties properties() throws Exception {
        Files.createDirectories(tmp.resolve("net.d"));
        return new Binder(new MapConfigurationPropertySource(Map.of(
                        "jcri.cri.socket", tmp.resolve("run/jcri.sock").toString(),
                        "jcri.root-dir", tmp.resolve("root").toString(),
                        "jcri.state-dir", tmp.resolve("state").toString(),
                        "jcri.cni.conf-dir", tmp.resolve("net.d").toString(),
                        "jcri.registry.config-path", tmp.resolve("certs.d").toString(),
                        // the node's containerd, not there: the client is made, its version not read
                        "jcri.containerd.socket",
                                tmp.resolve("no-containerd.sock").toString())))
                .bindOrCreate("jcri", Bindable.of(JcriProperties.class));
    }

    @Test
    void whatTheBeansTakeIsFoundAndWhatNoneTookIsClosedWithTheProbes() throws Exception {
        JcriProperties p = properties();
        try (StartupProbes probes = StartupProbes.start(p, new StandardEnvironment())) {
            assertThat(probes.handlerFeatures()).containsOnlyKeys("runc");
            assertThat(probes.hostFacts()).isNotNull();
            assertThat(probes.podNetwork()).isNotNull();
            assertThat(probes.imageRegistry()).isNotNull();
            probes.podNetwork().close();
            // the socket's lock, containerd's endpoint and client are left to the probes
        }
        // the lock was let go of: another jcri on the same socket can take it
        try (CriSocketGuard next = new CriSocketGuard(p.cri().socket())) {
            next.acquire();
            assertThat(next.socket()).isEqualTo(p.cri().socket());
        }
    }

    @Test
    void aSecondJcriOnTheSocketFailsWhereItsBeansTakeTheLockAndContainerdNeverRuns() throws Exception {
        JcriProperties p = properties();
        try (StartupProbes first = StartupProbes.start(p, new StandardEnvironment())) {
            CriSocketGuard held = first.guard();
            try (StartupProbes second = StartupProbes.start(p, new StandardEnvironment())) {
                assertThatThrownBy(second::guard)
                        .isInstanceOf(JcriException.FailedPrecondition.class)
                        .hasMessageContaining("another jcri is already serving");
                assertThatThrownBy(second::containerdEndpoint)
                        .as("containerd is not touched without the lock")
                        .isInstanceOf(JcriException.FailedPrecondition.class);
                assertThatThrownBy(second::containerdClient).isInstanceOf(JcriException.FailedPrecondition.class);
                second.podNetwork().close();
            } finally {
                held.close();
                first.containerdClient().close();
                first.podNetwork().close();
            }
        }
    }
}
