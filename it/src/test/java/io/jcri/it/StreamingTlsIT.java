package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.NamespaceMode;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.SpdyStreamClient;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import io.jcri.it.fixtures.WsStreamClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming server over TLS ({@code jcri.streaming.tls-cert} / {@code tls-key}, a certificate
 * made by openssl for 127.0.0.1): Exec URLs are https, and exec works over SPDY and WebSocket
 * through TLS, while plain HTTP to the same port gets nowhere.
 */
class StreamingTlsIT {
    static final Duration WAIT = Duration.ofSeconds(15);
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path certs;
    static String shell;

    @BeforeAll
    static void start() {
        certs = TestDirs.create("tls");
        Commands.Result made = Commands.run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                certs.resolve("key.pem").toString(),
                "-out",
                certs.resolve("cert.pem").toString());
        assertThat(made.exit()).as(made.output()).isZero();

        registry = RegistryFixture.open();
        String image = registry.host() + "/test/busybox:1";
        registry.pusher().push("test/busybox", "1", TestImages.busybox("0", "tls", false));
        containerd = ContainerdFixture.start();
        JcriFixture.Builder b = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.sandbox-image", "builtin")
                .property("jcri.streaming.tls-cert", certs.resolve("cert.pem").toString())
                .property("jcri.streaming.tls-key", certs.resolve("key.pem").toString());
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        jcri = b.start();
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        String pod = jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("tls")
                                        .setNamespace("it")
                                        .setUid("uid-tls"))
                                .setLinux(LinuxPodSandboxConfig.newBuilder()
                                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                                .setNamespaceOptions(NamespaceOption.newBuilder()
                                                        .setNetwork(NamespaceMode.NODE)))))
                        .build())
                .getPodSandboxId();
        shell = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName("shell"))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addAllCommand(List.of("sleep", "3600")))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(shell).build());
    }

    @AfterAll
    static void stop() {
        Teardown.close(Teardown.podsRemoved(jcri), containerd, registry);
        TestDirs.delete(certs);
    }

    static String execUrl(String... cmd) {
        return jcri.runtime()
                .exec(ExecRequest.newBuilder()
                        .setContainerId(shell)
                        .addAllCmd(List.of(cmd))
                        .setStdout(true)
                        .setStderr(true)
                        .build())
                .getUrl();
    }

    @Test
    void execOverSpdyThroughTls() throws Exception {
        String url = execUrl("echo", "over tls");
        assertThat(url).startsWith("https://127.0.0.1:");
        try (SpdyStreamClient c = SpdyStreamClient.connect(url, certs.resolve("cert.pem"), "v4.channel.k8s.io")) {
            assertThat(c.status()).isEqualTo(101);
            int error = c.stream(Map.of("streamType", "error"));
            int stdout = c.stream(Map.of("streamType", "stdout"));
            c.stream(Map.of("streamType", "stderr"));
            assertThat(c.awaitFinished(error, WAIT)).contains("\"status\":\"Success\"");
            assertThat(c.awaitFinished(stdout, WAIT)).isEqualTo("over tls\n");
        }
    }

    @Test
    void execOverWebSocketThroughTls() throws Exception {
        try (WsStreamClient c = WsStreamClient.connect(
                execUrl("sh", "-c", "echo wss; exit 4"), certs.resolve("cert.pem"), "v5.channel.k8s.io")) {
            assertThat(c.subprotocol()).isEqualTo("v5.channel.k8s.io");
            assertThat(c.await(3, t -> t.endsWith("}"), WAIT))
                    .contains("NonZeroExitCode")
                    .contains("{\"reason\":\"ExitCode\",\"message\":\"4\"}");
            assertThat(c.text(1)).isEqualTo("wss\n");
            assertThat(c.awaitClose(WAIT)).isEqualTo(1000);
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        String url = execUrl("true").replaceFirst("^https", "http");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> client.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
