package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class JcriPropertiesValidatorTest {

    /** {@code jcri.*} bound from these keys alone, as the application binds it. */
    static JcriProperties bind(Map<String, String> keys) {
        return new Binder(new MapConfigurationPropertySource(keys))
                .bindOrCreate("jcri", Bindable.of(JcriProperties.class));
    }

    private static void validate(JcriProperties p) {
        JcriPropertiesValidator.validate(p, "127.0.0.1");
    }

    private static void rejects(String key, String value, String message) {
        JcriProperties p = bind(Map.of(key, value));
        assertThatThrownBy(() -> validate(p))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void defaultsAreValidAndRuncExists() {
        JcriProperties p = JcriProperties.defaults();
        assertThatCode(() -> validate(p)).doesNotThrowAnyException();
        assertThat(p).isEqualTo(bind(Map.of()));
        assertThat(p.runtime().handlers()).containsKey("runc");
        JcriProperties.Handler runc = p.runtime().handlers().get("runc");
        assertThat(runc.type()).isEqualTo("io.containerd.runc.v2");
        assertThat(runc.options().binaryName()).isEqualTo("runc");
        assertThat(runc.options().systemdCgroup()).isFalse();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        JcriProperties p = JcriProperties.defaults();
        assertThat(p.config()).isEqualTo(JcriProperties.DEFAULT_CONFIG);
        assertThat(p.cri().socket()).isEqualTo(Path.of("/run/jcri/jcri.sock"));
        assertThat(p.cri().shortCallThreads()).isEqualTo(8);
        assertThat(p.cri().longCallThreads()).isEqualTo(64);
        assertThat(p.rootDir()).isEqualTo(Path.of("/var/lib/jcri"));
        assertThat(p.containerd().namespace()).isEqualTo("k8s.io");
        assertThat(p.containerd().managed()).isFalse();
        assertThat(p.containerd().startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.cni().binDirs()).containsExactly(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));
        assertThat(p.cdi().specDirs()).containsExactly(Path.of("/etc/cdi"), Path.of("/var/run/cdi"));
        assertThat(p.streaming().idleTimeout()).isEqualTo(Duration.ofHours(4));
        assertThat(p.streaming().attachBufferSize()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(p.streaming().tlsCert()).isNull();
        assertThat(p.image().volumes()).isEqualTo("copy");
        assertThat(p.nri().enabled()).isFalse();
        assertThat(p.nri().registrationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.admin().token()).isEmpty();
        assertThat(p.admin().logsMaxBytes()).isEqualTo(DataSize.ofMegabytes(8));
    }

    @Test
    void eachBadValueNamesItsKey() {
        rejects("jcri.cri.socket", "x.sock", "jcri.cri.socket: must be an absolute path");
        rejects("jcri.cri.socket", "/" + "a".repeat(120), "jcri.cri.socket: unix socket path");
        rejects("jcri.cri.short-call-threads", "0", "jcri.cri.short-call-threads: must be 1 to 1024, got 0");
        rejects("jcri.cri.long-call-threads", "5000", "jcri.cri.long-call-threads: must be 1 to 1024, got 5000");
        rejects("jcri.root-dir", "rel", "jcri.root-dir");
        rejects("jcri.state-dir", "rel", "jcri.state-dir");
        rejects("jcri.containerd.namespace", "bad ns", "jcri.containerd.namespace");
        rejects("jcri.containerd.socket", "c.sock", "jcri.containerd.socket");
        rejects("jcri.containerd.deadlines.metadata", "0s", "jcri.containerd.deadlines.metadata: must be positive");
        rejects("jcri.containerd.deadlines.transfer", "-1s", "jcri.containerd.deadlines.transfer: must be positive");
        rejects("jcri.sandbox-image", " ", "jcri.sandbox-image");
        rejects("jcri.cni.conf-dir", "net.d", "jcri.cni.conf-dir");
        rejects("jcri.cni.bin-dirs", "", "jcri.cni.bin-dirs");
        rejects("jcri.runtime.default-handler", "kata", "jcri.runtime.default-handler: 'kata'");
        rejects("jcri.streaming.address", "localhost", "jcri.streaming.address");
        rejects("jcri.runtime.handlers.odd.type", "runc", "jcri.runtime.handlers.odd.type");
        rejects("jcri.streaming.max-tokens", "0", "jcri.streaming.max-tokens: must be at least 1");
        rejects("jcri.streaming.tls-cert", "/etc/jcri/tls.crt", "jcri.streaming.tls-cert: set both");
        rejects("jcri.streaming.attach-buffer-size", "1KB", "jcri.streaming.attach-buffer-size: must be 4KB to 1GB");
        rejects("jcri.image.max-concurrent-downloads", "0", "jcri.image.max-concurrent-downloads");
        rejects("jcri.image.volumes", "mkdir", "jcri.image.volumes: must be copy or ignore, got \"mkdir\"");
        rejects("jcri.admin.events-max-subscribers", "0", "jcri.admin.events-max-subscribers: must be 1 to 10000");
        rejects("jcri.admin.logs-max-bytes", "1KB", "jcri.admin.logs-max-bytes: must be 64KB to 1GB");
    }

    @Test
    void nriTimeoutsAreCheckedWhenNriIsOn() {
        assertThatCode(() -> validate(bind(Map.of("jcri.nri.request-timeout", "0s"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> validate(bind(Map.of("jcri.nri.enabled", "true", "jcri.nri.request-timeout", "0s"))))
                .hasMessageStartingWith("jcri.nri.request-timeout: must be positive");
    }

    @Test
    void anAdminTokenIsRequiredBeyondLoopback() {
        JcriProperties p = JcriProperties.defaults();
        assertThatThrownBy(() -> JcriPropertiesValidator.validate(p, "0.0.0.0"))
                .hasMessageStartingWith("jcri.admin.token: must be set");
        assertThatCode(() -> JcriPropertiesValidator.validate(bind(Map.of("jcri.admin.token", "t")), "0.0.0.0"))
                .doesNotThrowAnyException();
    }

    @Test
    void aHandlerGivenSomeKeysTakesDefaultsForTheRest() {
        JcriProperties p = bind(Map.of(
                "jcri.runtime.handlers.fast.options.systemd-cgroup", "true",
                "jcri.runtime.default-handler", "fast"));
        assertThatCode(() -> validate(p)).doesNotThrowAnyException();
        JcriProperties.Handler h = p.runtime().handlers().get("fast");
        assertThat(h.type()).isEqualTo("io.containerd.runc.v2");
        assertThat(h.options().binaryName()).isEqualTo("runc");
        assertThat(h.options().systemdCgroup()).isTrue();
        assertThat(h.snapshotter()).isEmpty();
        assertThat(p.runtime().handlers()).containsKeys("runc", "fast");
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
