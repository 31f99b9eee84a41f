package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.cri.v1.AttachRequest;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PortForwardRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.it.fixtures.CniConfigs;
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
import io.jcri.ports.application.streaming.StreamingService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exec, attach and port-forward through jcri's streaming server, over SPDY/3.1 and WebSocket,
 * against busybox containers in a pod on real containerd, runc and CNI.
 */
class StreamingIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path ipamDir;
    static Path logDir;
    static String image;
    static String pod;
    static String shell;
    static String printer;
    static String web;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.open();
        image = registry.host() + "/test/busybox:1";
        registry.pusher().push("test/busybox", "1", TestImages.busybox("0", "streaming", false));
        containerd = ContainerdFixture.start();
        ipamDir = TestDirs.create("ipam");
        logDir = TestDirs.create("logs");
        JcriFixture.Builder b = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.sandbox-image", "builtin")
                .property("jcri.streaming.token-ttl", "3s");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        CniConfigs.write(
                b.confDir(), "10-pods.conflist", CniConfigs.bridge("pods", "jcri-st0", "10.88.61.0/24", ipamDir, ""));
        jcri = b.start();
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        pod = jcri.runtime()
                .runPodSandbox(
                        RunPodSandboxRequest.newBuilder().setConfig(podConfig()).build())
                .getPodSandboxId();
        shell = container("shell", List.of("sleep", "3600"), false);
        printer = container(
                "printer", List.of("sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done"), false);
        web = container(
                "web",
                List.of(
                        "sh",
                        "-c",
                        "mkdir -p /tmp/www && echo hello-from-pod > /tmp/www/index.html"
                                + " && exec httpd -f -p 8080 -h /tmp/www"),
                false);
    }

    @AfterAll
    static void stop() {
        Teardown.close(Teardown.podsRemoved(jcri), containerd, registry);
        Commands.run("ip", "link", "del", "jcri-st0");
        TestDirs.delete(ipamDir);
        TestDirs.delete(logDir);
    }

    static PodSandboxConfig podConfig() {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName("streams")
                        .setNamespace("it")
                        .setUid("uid-streams"))
                .setHostname("streams")
                .setLogDirectory(logDir.toString())
                .build();
    }

    static String container(String name, List<String> command, boolean stdin) {
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setSandboxConfig(podConfig())
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addAllCommand(command)
                                .setLogPath(name + ".log")
                                .setStdin(stdin))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static String execUrl(String id, boolean tty, boolean stdin, String... cmd) {
        return jcri.runtime()
                .exec(ExecRequest.newBuilder()
                        .setContainerId(id)
                        .addAllCmd(List.of(cmd))
                        .setTty(tty)
                        .setStdin(stdin)
                        .setStdout(true)
                        .setStderr(!tty)
                        .build())
                .getUrl();
    }

    /** The streams client-go opens for an exec, in its order. */
    static Map<String, Integer> streams(SpdyStreamClient c, boolean tty, boolean stdin) {
        Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        ids.put("error", c.stream(Map.of("streamType", "error")));
        if (stdin) {
            ids.put("stdin", c.stream(Map.of("streamType", "stdin")));
        }
        ids.put("stdout", c.stream(Map.of("streamType", "stdout")));
        if (!tty) {
            ids.put("stderr", c.stream(Map.of("streamType", "stderr")));
        } else {
            ids.put("resize", c.stream(Map.of("streamType", "resize")));
        }
        return ids;
    }

    static String spdyExec(boolean tty, String... cmd) throws Exception {
        try (SpdyStreamClient c = SpdyStreamClient.connect(execUrl(shell, tty, false, cmd), "v4.channel.k8s.io")) {
            assertThat(c.status()).isEqualTo(101);
            assertThat(c.protocol()).isEqualTo("v4.channel.k8s.io");
            Map<String, Integer> s = streams(c, tty, false);
            String status = c.awaitFinished(s.get("error"), WAIT);
            assertThat(status).contains("\"status\":\"Success\"");
            return c.awaitFinished(s.get("stdout"), WAIT);
        }
    }

    // ---- exec over SPDY ----

    @Test
    void execEchoWithoutTty() throws Exception {
        assertThat(spdyExec(false, "echo", "hello")).isEqualTo("hello\n");
    }

    @Test
    void execEchoWithTty() throws Exception {
        assertThat(spdyExec(true, "echo", "hello")).isEqualTo("hello\r\n");
    }

    @Test
    void catEchoesStdinAndEndsWithIt() throws Exception {
        try (SpdyStreamClient c = SpdyStreamClient.connect(execUrl(shell, false, true, "cat"), "v4.channel.k8s.io")) {
            Map<String, Integer> s = streams(c, false, true);
            c.send(s.get("stdin"), "ping\n");
            assertThat(c.await(s.get("stdout"), t -> t.contains("ping"), WAIT)).isEqualTo("ping\n");
            c.send(s.get("stdin"), "pong\n");
            c.finish(s.get("stdin"));
            assertThat(c.awaitFinished(s.get("error"), WAIT)).contains("\"status\":\"Success\"");
            assertThat(c.awaitFinished(s.get("stdout"), WAIT)).isEqualTo("ping\npong\n");
        }
    }

    @Test
    void aNonZeroExitCodeReachesTheClient() throws Exception {
        try (SpdyStreamClient c = SpdyStreamClient.connect(
                execUrl(shell, false, false, "sh", "-c", "echo oops >&2; exit 3"), "v4.channel.k8s.io")) {
            Map<String, Integer> s = streams(c, false, false);
            String status = c.awaitFinished(s.get("error"), WAIT);
            assertThat(status)
                    .contains("\"status\":\"Failure\"")
                    .contains("\"reason\":\"NonZeroExitCode\"")
                    .contains("{\"reason\":\"ExitCode\",\"message\":\"3\"}");
            assertThat(c.awaitFinished(s.get("stderr"), WAIT)).isEqualTo("oops\n");
        }
    }

    @Test
    void terminalResizeIsSeenByStty() throws Exception {
        try (SpdyStreamClient c = SpdyStreamClient.connect(execUrl(shell, true, true, "sh"), "v4.channel.k8s.io")) {
            Map<String, Integer> s = streams(c, true, true);
            c.send(s.get("resize"), "{\"Width\":100,\"Height\":30}\n");
            c.send(s.get("stdin"), "busybox stty size\n");
            c.await(s.get("stdout"), t -> t.contains("30 100"), WAIT);
            c.send(s.get("resize"), "{\"Width\":120,\"Height\":40}\n");
            c.send(s.get("stdin"), "busybox stty size; exit 0\n");
            c.await(s.get("stdout"), t -> t.contains("40 120"), WAIT);
            assertThat(c.awaitFinished(s.get("error"), WAIT)).contains("\"status\":\"Success\"");
        }
    }

    @Test
    void aDisconnectMidExecLeavesNoProcessBehind() throws Exception {
        SpdyStreamClient c =
                SpdyStreamClient.connect(execUrl(shell, false, false, "sleep", "1234"), "v4.channel.k8s.io");
        streams(c, false, false);
        Await.until(WAIT, "the exec'd sleep to run", () -> sleepers("1234") == 1);
        c.close();
        Await.until(WAIT, "the exec'd sleep to be gone", () -> sleepers("1234") == 0);
        Path execFifos = jcri.dir().resolve("state/io/exec");
        Await.until(WAIT, "the exec FIFOs to be gone", () -> fifos(execFifos) == 0);
        assertThat(containerd.ctr("k8s.io", "tasks", "ps", shell)).doesNotContain("exec-");
    }

    static long sleepers(String arg) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                            return cmd.equals("sleep\0" + arg + "\0");
                        } catch (Exception e) {
                            return false;
                        }
                    })
                    .count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long fifos(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- exec over WebSocket ----

    @Test
    void execOverWebSocketV5WithTheStdinCloseSignal() throws Exception {
        try (WsStreamClient c = WsStreamClient.connect(
                execUrl(shell, false, true, "sh", "-c", "cat; exit 5"), "v5.channel.k8s.io", "v4.channel.k8s.io")) {
            assertThat(c.subprotocol()).isEqualTo("v5.channel.k8s.io");
            c.send(0, "over websocket\n");
            assertThat(c.await(1, t -> t.contains("over websocket"), WAIT)).isEqualTo("over websocket\n");
            c.send(255, new byte[] {0});
            String status = c.await(3, t -> t.endsWith("}"), WAIT);
            assertThat(status).contains("NonZeroExitCode").contains("{\"reason\":\"ExitCode\",\"message\":\"5\"}");
            assertThat(c.awaitClose(WAIT)).isEqualTo(1000);
        }
    }

    @Test
    void ttyExecOverWebSocketV4HonoursResize() throws Exception {
        try (WsStreamClient c = WsStreamClient.connect(execUrl(shell, true, true, "sh"), "v4.channel.k8s.io")) {
            assertThat(c.subprotocol()).isEqualTo("v4.channel.k8s.io");
            c.send(4, "{\"Width\":90,\"Height\":20}");
            c.send(0, "busybox stty size; echo done-$((1+1))\n");
            c.await(1, t -> t.contains("20 90") && t.contains("done-2"), WAIT);
            c.send(0, "exit\n");
            assertThat(c.await(3, t -> t.endsWith("}"), WAIT)).contains("\"status\":\"Success\"");
        }
    }

    // ---- attach ----

    @Test
    void attachOverSpdyGetsTheLinesTheContainerPrintsAndTheLogKeepsThem() throws Exception {
        String url = jcri.runtime()
                .attach(AttachRequest.newBuilder()
                        .setContainerId(printer)
                        .setStdout(true)
                        .setStderr(true)
                        .build())
                .getUrl();
        try (SpdyStreamClient c = SpdyStreamClient.connect(url, "v4.channel.k8s.io")) {
            c.stream(Map.of("streamType", "error"));
            int out = c.stream(Map.of("streamType", "stdout"));
            c.stream(Map.of("streamType", "stderr"));
            String seen = c.await(out, t -> t.split("\n").length >= 3, WAIT);
            assertThat(seen).containsPattern("line \\d+\nline \\d+\n");
            String first = seen.split("\n")[0];
            Path log = logDir.resolve("printer.log");
            Await.until(WAIT, "the log to hold what attach saw", () -> {
                try {
                    return Files.readString(log).contains(" stdout F " + first + "\n");
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void anAttachClientThatReadsNothingLosesItsStreamWhileTheLogKeepsEverything() throws Exception {
        int lines = 1_000_000;
        String flood = container(
                "flood",
                List.of(
                        "sh",
                        "-c",
                        "sleep 3; yes 0123456789012345678901234567890123456789012345678901234567890123456789"
                                + " | head -n " + lines + "; sleep 3600"),
                false);
        String url = jcri.runtime()
                .attach(AttachRequest.newBuilder()
                        .setContainerId(flood)
                        .setStdout(true)
                        .setStderr(true)
                        .build())
                .getUrl();
        try (SpdyStreamClient c = SpdyStreamClient.connect(url, "v4.channel.k8s.io")) {
            c.stream(Map.of("streamType", "error"));
            int out = c.stream(Map.of("streamType", "stdout"));
            c.stream(Map.of("streamType", "stderr"));
            Thread.sleep(500);
            c.stopReading();
            Path log = logDir.resolve("flood.log");
            Await.until(Duration.ofSeconds(120), "the log to hold all " + lines + " lines", () -> {
                try (java.util.stream.Stream<String> l = Files.lines(log)) {
                    return l.filter(
                                            x -> x.endsWith(
                                                    " stdout F 0123456789012345678901234567890123456789012345678901234567890123456789"))
                                    .count()
                            == lines;
                } catch (Exception e) {
                    return false;
                }
            });
            c.resumeReading();
            Await.until(WAIT, "jcri to have closed the stalled attach", () -> !c.connected());
            // 71 MB were written; the client got what the socket buffers and the bound held
            assertThat(c.received(out)).isLessThan(32 << 20);
        }
    }

    @Test
    void attachOverWebSocket() throws Exception {
        String url = jcri.runtime()
                .attach(AttachRequest.newBuilder()
                        .setContainerId(printer)
                        .setStdout(true)
                        .build())
                .getUrl();
        try (WsStreamClient c = WsStreamClient.connect(url, "v4.channel.k8s.io")) {
            assertThat(c.await(1, t -> t.contains("\n"), WAIT)).startsWith("line ");
        }
    }

    // ---- port-forward ----

    static String portForwardUrl(int... ports) {
        PortForwardRequest.Builder r = PortForwardRequest.newBuilder().setPodSandboxId(pod);
        for (int p : ports) {
            r.addPort(p);
        }
        return jcri.runtime().portForward(r.build()).getUrl();
    }

    @Test
    void portForwardOverSpdyFetchesAPageAndReportsAClosedPortOnItsErrorStream() throws Exception {
        try (SpdyStreamClient c = SpdyStreamClient.connect(portForwardUrl(8080), "portforward.k8s.io")) {
            assertThat(c.protocol()).isEqualTo("portforward.k8s.io");
            Await.until(WAIT, "httpd to listen", () -> fetch(c) != null);
            // a second pair on the same connection, to a port nothing listens on
            int error = c.stream(Map.of("streamType", "error", "port", "8081", "requestID", "99"));
            c.stream(Map.of("streamType", "data", "port", "8081", "requestID", "99"));
            assertThat(c.awaitFinished(error, WAIT)).contains("8081").contains("connect");
            assertThat(fetch(c)).contains("hello-from-pod");
        }
    }

    private static int requestIds;

    /** One HTTP/1.0 request over a new stream pair; the page, or null when nothing answered. */
    static String fetch(SpdyStreamClient c) {
        String id = Integer.toString(requestIds++);
        int error = c.stream(Map.of("streamType", "error", "port", "8080", "requestID", id));
        int data = c.stream(Map.of("streamType", "data", "port", "8080", "requestID", id));
        c.send(data, "GET /index.html HTTP/1.0\r\n\r\n");
        String page = c.awaitFinished(data, WAIT);
        if (!c.text(error).isEmpty() || page.isEmpty()) {
            return null;
        }
        return page;
    }

    @Test
    void portForwardOverWebSocket() throws Exception {
        Await.until(WAIT, "httpd to listen", () -> {
            try (WsStreamClient c = WsStreamClient.connect(portForwardUrl(8080) + "?port=8080", "v4.channel.k8s.io")) {
                Await.until(
                        WAIT,
                        "the port prefixes",
                        () -> !c.messages(0).isEmpty() && !c.messages(1).isEmpty());
                assertThat(c.messages(0).get(0)).containsExactly(0x90, 0x1F);
                assertThat(c.messages(1).get(0)).containsExactly(0x90, 0x1F);
                c.send(0, "GET /index.html HTTP/1.0\r\n\r\n");
                c.awaitClose(WAIT);
                return c.text(0).contains("hello-from-pod");
            } catch (Exception e) {
                return false;
            }
        });
    }

    // ---- tokens and checks ----

    @Test
    void aUsedOrExpiredTokenIs404() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String used = execUrl(shell, false, false, "true");
        try (SpdyStreamClient c = SpdyStreamClient.connect(used, "v4.channel.k8s.io")) {
            assertThat(c.status()).isEqualTo(101);
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create(used)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        String expiring = execUrl(shell, false, false, "true");
        Thread.sleep(3500);
        try (SpdyStreamClient c = SpdyStreamClient.connect(expiring, "v4.channel.k8s.io")) {
            assertThat(c.status()).isEqualTo(404);
        }
        assertThat(jcri.context().getBean(StreamingService.class).outstandingTokens())
                .isLessThanOrEqualTo(1);
    }

    @Test
    void theRpcsCheckTheirTargets() {
        assertThatThrownBy(() -> execUrl("f".repeat(64), false, false, "true"))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> jcri.runtime()
                        .portForward(PortForwardRequest.newBuilder()
                                .setPodSandboxId("f".repeat(64))
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        String stopped = container("stopped", List.of("sleep", "3600"), false);
        jcri.runtime()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId(stopped)
                        .setTimeout(0)
                        .build());
        assertThatThrownBy(() -> execUrl(stopped, false, false, "true"))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    }
}
