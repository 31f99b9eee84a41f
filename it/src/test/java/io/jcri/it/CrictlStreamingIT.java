package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.Crictl;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exec, attach and port-forward driven by crictl, the real client (the SPDY and WebSocket code of
 * kubectl and the kubelet), over both transports, against busybox containers in a pod on real
 * containerd, runc and CNI.
 */
class CrictlStreamingIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Crictl crictl;
    static Path ipamDir;
    static Path logDir;
    static String image;
    static String pod;
    static String shell;
    static String printer;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.open();
        image = registry.host() + "/test/busybox:1";
        registry.pusher().push("test/busybox", "1", TestImages.busybox("0", "crictl-streaming", false));
        containerd = ContainerdFixture.start();
        ipamDir = TestDirs.create("ipam");
        logDir = TestDirs.create("logs");
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        CniConfigs.write(
                b.confDir(), "10-pods.conflist", CniConfigs.bridge("pods", "jcri-cs0", "10.88.62.0/24", ipamDir, ""));
        jcri = b.start();
        crictl = Crictl.forSocket(jcri.criSocket(), jcri.dir());
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        pod = jcri.runtime()
                .runPodSandbox(
                        RunPodSandboxRequest.newBuilder().setConfig(podConfig()).build())
                .getPodSandboxId();
        shell = container("shell", List.of("sleep", "3600"));
        printer = container(
                "printer", List.of("sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done"));
        container(
                "web",
                List.of(
                        "sh",
                        "-c",
                        "mkdir -p /tmp/www && echo hello-through-crictl > /tmp/www/index.html"
                                + " && exec httpd -f -p 8080 -h /tmp/www"));
    }

    @AfterAll
    static void stop() {
        Teardown.close(Teardown.podsRemoved(jcri), containerd, registry);
        Commands.run("ip", "link", "del", "jcri-cs0");
        TestDirs.delete(ipamDir);
        TestDirs.delete(logDir);
    }

    static PodSandboxConfig podConfig() {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName("crictl-streams")
                        .setNamespace("it")
                        .setUid("uid-crictl-streams"))
                .setHostname("crictl-streams")
                .setLogDirectory(logDir.toString())
                .build();
    }

    static String container(String name, List<String> command) {
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setSandboxConfig(podConfig())
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addAllCommand(command)
                                .setLogPath(name + ".log")
                                .setStdin(true))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    @ParameterizedTest
    @ValueSource(strings = {"spdy", "websocket"})
    void execPrintsStdoutAndStderr(String transport) {
        Crictl.Result r =
                crictl.run(null, WAIT, "exec", "--transport", transport, shell, "sh", "-c", "echo out; echo err >&2");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).contains("err\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spdy", "websocket"})
    void execReportsTheCommandsExitCode(String transport) {
        Crictl.Result r = crictl.run(null, WAIT, "exec", "--transport", transport, shell, "sh", "-c", "exit 3");
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("command terminated with exit code 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spdy", "websocket"})
    void interactiveExecReadsStdinToItsEnd(String transport) {
        Crictl.Result r =
                crictl.run("first\nsecond\n", WAIT, "exec", "-i", "--transport", transport, shell, "sh", "-c", "cat");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("first\nsecond\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spdy", "websocket"})
    void execOnATerminalGetsATerminalInTheContainer(String transport) {
        Crictl.Result r = crictl.runOnTerminal(
                WAIT, "exec", "-it", "--transport", transport, shell, "sh", "-c", "tty; stty size; echo done-$((6*7))");
        assertThat(r.exit()).as(r.stdout()).isZero();
        assertThat(r.stdout()).contains("/dev/pts/").contains("done-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spdy", "websocket"})
    void attachFollowsWhatTheContainerPrints(String transport) throws Exception {
        Process p = crictl.start("attach", "--transport", transport, printer);
        try {
            String first = awaitLine(p, "line ");
            String next = awaitLine(p, "line ");
            int a = Integer.parseInt(first.substring("line ".length()).trim());
            int b = Integer.parseInt(next.substring("line ".length()).trim());
            assertThat(b).isGreaterThan(a);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spdy", "websocket"})
    void portForwardServesAPageFromThePod(String transport) throws Exception {
        int local;
        try (ServerSocket s = new ServerSocket(0)) {
            local = s.getLocalPort();
        }
        Process p = crictl.start("port-forward", "--transport", transport, pod, local + ":8080");
        try {
            awaitLine(p, "Forwarding from");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> page = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).isEqualTo("hello-through-crictl\n");
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The next line of the process's stdout that starts with {@code prefix}. */
    static String awaitLine(Process p, String prefix) throws Exception {
        BufferedReader out = readers.computeIfAbsent(
                p, k -> new BufferedReader(new InputStreamReader(k.getInputStream(), StandardCharsets.UTF_8)));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String found = line.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(found).as("a line starting with '%s' from crictl", prefix).isNotNull();
        return found;
    }

    static final java.util.Map<Process, BufferedReader> readers = new java.util.concurrent.ConcurrentHashMap<>();
}
