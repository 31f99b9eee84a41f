package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class JcriPropertiesValidatorTest {

    private static void rejects(Consumer<JcriProperties> change, String message) {
        JcriProperties p = new JcriProperties();
        change.accept(p);
        assertThatThrownBy(() -> JcriPropertiesValidator.validate(p))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void defaultsAreValidAndRuncExists() {
        JcriProperties p = new JcriProperties();
        assertThatCode(() -> JcriPropertiesValidator.validate(p)).doesNotThrowAnyException();
        assertThat(p.getRuntime().getHandlers()).containsKey("runc");
        JcriProperties.Handler runc = p.getRuntime().getHandlers().get("runc");
        assertThat(runc.getType()).isEqualTo("io.containerd.runc.v2");
        assertThat(runc.getOptions().getBinaryName()).isEqualTo("runc");
        assertThat(runc.getOptions().isSystemdCgroup()).isFalse();
    }

    @Test
    void eachBadValueNamesItsKey() {
        rejects(p -> p.getCri().setSocket(Path.of("x.sock")), "jcri.cri.socket: must be an absolute path");
        rejects(p -> p.getCri().setSocket(Path.of("/" + "a".repeat(120))), "jcri.cri.socket: unix socket path");
        rejects(p -> p.getCri().setShortCallThreads(0), "jcri.cri.short-call-threads: must be 1 to 1024, got 0");
        rejects(p -> p.getCri().setLongCallThreads(5000), "jcri.cri.long-call-threads: must be 1 to 1024, got 5000");
        rejects(p -> p.setRootDir(Path.of("rel")), "jcri.root-dir");
        rejects(p -> p.setStateDir(Path.of("rel")), "jcri.state-dir");
        rejects(p -> p.getContainerd().setNamespace("bad ns"), "jcri.containerd.namespace");
        rejects(p -> p.getContainerd().setSocket(Path.of("c.sock")), "jcri.containerd.socket");
        rejects(
                p -> p.getContainerd().getDeadlines().setMetadata(java.time.Duration.ZERO),
                "jcri.containerd.deadlines.metadata: must be a positive duration");
        rejects(
                p -> p.getContainerd().getDeadlines().setTransfer(java.time.Duration.ofSeconds(-1)),
                "jcri.containerd.deadlines.transfer: must be a positive duration");
        rejects(p -> p.setSandboxImage(" "), "jcri.sandbox-image");
        rejects(p -> p.getCni().setConfDir(Path.of("net.d")), "jcri.cni.conf-dir");
        rejects(p -> p.getCni().setBinDirs(List.of()), "jcri.cni.bin-dirs");
        rejects(p -> p.getRuntime().setDefaultHandler("kata"), "jcri.runtime.default-handler: 'kata'");
        rejects(p -> p.getStreaming().setAddress("localhost"), "jcri.streaming.address");
        rejects(
                p -> {
                    JcriProperties.Handler h = new JcriProperties.Handler();
                    h.setType("runc");
                    p.getRuntime().getHandlers().put("odd", h);
                },
                "jcri.runtime.handlers.odd.type");
    }

    @Test
    void aHandlerGivenSomeKeysTakesDefaultsForTheRest() {
        JcriProperties p = new JcriProperties();
        JcriProperties.Handler h = new JcriProperties.Handler();
        h.getOptions().setSystemdCgroup(true);
        p.getRuntime().getHandlers().put("fast", h);
        p.getRuntime().setDefaultHandler("fast");
        assertThatCode(() -> JcriPropertiesValidator.validate(p)).doesNotThrowAnyException();
        assertThat(h.getType()).isEqualTo("io.containerd.runc.v2");
        assertThat(h.getOptions().getBinaryName()).isEqualTo("runc");
        assertThat(p.getRuntime().getHandlers()).containsKeys("runc", "fast");
    }

    @Test
    void startupFailureIsOneLineNamingTheKey() {
        String line = StartupFailure.oneLine(new IllegalStateException(
                "wrapped", new InvalidConfigurationException("jcri.root-dir", "must be an absolute path, got 'x'")));
        assertThat(line)
                .isEqualTo("invalid configuration: jcri.root-dir: must be an absolute path, got 'x'")
                .doesNotContain("\n");
    }

    @Test
    void expectedFailuresAreOneLineAndBugsKeepTheirStack() {
        assertThat(StartupFailure.expected(new IllegalStateException(
                        "wrapped", new io.jcri.domain.error.JcriException.Unavailable("containerd gone"))))
                .isTrue();
        assertThat(StartupFailure.expected(new InvalidConfigurationException("jcri.root-dir", "bad")))
                .isTrue();
        assertThat(StartupFailure.expected(new NullPointerException("a bug"))).isFalse();
        assertThat(StartupFailure.expected(new io.jcri.domain.error.JcriException.Internal("a bug", null)))
                .isFalse();
        assertThat(new StartupFailure.Reporter().reportException(new NullPointerException()))
                .isFalse();
    }
}
