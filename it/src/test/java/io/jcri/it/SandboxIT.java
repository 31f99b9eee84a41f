package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.DNSConfig;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.PodSandboxStatusResponse;
import io.jcri.cri.v1.PortMapping;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pods on real containerd, runc and Debian's CNI plugins, with jcri's built-in pause image. */
class SandboxIT {
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path ipamDir;
    static Path webRoot;

    @BeforeAll
    static void start() throws Exception {
        containerd = ContainerdFixture.start();
        ipamDir = TestDirs.create("ipam");
        webRoot = TestDirs.create("www");
        Files.writeString(webRoot.resolve("index.html"), "hello from the pod\n");
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
        CniConfigs.write(
                b.confDir(), "10-pods.conflist", CniConfigs.bridge("pods", "jcri-sb0", "10.88.60.0/24", ipamDir, ""));
        jcri = b.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(Teardown.podsRemoved(jcri), containerd);
        Commands.run("ip", "link", "del", "jcri-sb0");
        TestDirs.delete(ipamDir);
        TestDirs.delete(webRoot);
    }

    static RunPodSandboxRequest pod(String name, int hostPort) {
        PodSandboxConfig.Builder c = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace("it")
                        .setUid("uid-" + name)
                        .setAttempt(0))
                .setHostname(name)
                .setDnsConfig(DNSConfig.newBuilder()
                        .addServers("10.96.0.10")
                        .addSearches("it.svc.cluster.local")
                        .addOptions("ndots:5"))
                .putLabels("test", "sandbox-it");
        if (hostPort > 0) {
            c.addPortMappings(PortMapping.newBuilder().setContainerPort(80).setHostPort(hostPort));
        }
        return RunPodSandboxRequest.newBuilder().setConfig(c).build();
    }

    static String run(String name, int hostPort) {
        return jcri.runtime().runPodSandbox(pod(name, hostPort)).getPodSandboxId();
    }

    static PodSandboxStatusResponse status(String id) {
        return jcri.runtime()
                .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId(id)
                        .setVerbose(true)
                        .build());
    }

    static Path netns(String id) {
        return jcri.dir().resolve("state/netns/" + id);
    }

    static long ipAllocations() throws Exception {
        Path dir = ipamDir.resolve("pods");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9.]+"))
                    .count();
        }
    }

    static void stopAndRemove(String id) {
        jcri.runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        jcri.runtime()
                .removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    }

    @Test
    void aPodGetsAnIpInItsOwnNetnsWithLoopbackUpAndItsDnsSettings() throws Exception {
        String id = run("web", 0);
        try {
            PodSandboxStatusResponse s = status(id);
            assertThat(s.getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
            String ip = s.getStatus().getNetwork().getIp();
            assertThat(ip).startsWith("10.88.60.");
            assertThat(Files.exists(netns(id))).isTrue();
            assertThat(Commands.run("nsenter", "--net=" + netns(id), "ip", "-o", "-4", "addr", "show", "eth0")
                            .output())
                    .contains(ip + "/24");
            assertThat(Commands.run("nsenter", "--net=" + netns(id), "ip", "-o", "link", "show", "lo")
                            .output())
                    .contains("UP");
            assertThat(s.getInfoMap().get("info")).contains("\"cniResult\"").contains(ip);
            Path resolv = jcri.dir().resolve("root/sandboxes/" + id + "/resolv.conf");
            assertThat(Files.readString(resolv))
                    .contains("nameserver 10.96.0.10")
                    .contains("search it.svc.cluster.local")
                    .contains("options ndots:5");
            assertThat(containerd.ctr("k8s.io", "tasks", "ls")).contains(id).contains("RUNNING");
        } finally {
            stopAndRemove(id);
        }
    }

    @Test
    void podsReachEachOtherAndAHostPortAnswersOnTheHost() throws Exception {
        String a = run("a", 0);
        String b = run("b", 18080);
        Process httpd = null;
        try {
            String ipB = status(b).getStatus().getNetwork().getIp();
            assertThat(Commands.run("nsenter", "--net=" + netns(a), "busybox", "ping", "-c", "1", "-W", "3", ipB)
                            .exit())
                    .isZero();
            httpd = Commands.start(
                    "nsenter", "--net=" + netns(b), "busybox", "httpd", "-f", "-p", "80", "-h", webRoot.toString());
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .build();
            String gateway = "10.88.60.1";
            Await.until(Duration.ofSeconds(15), "the hostPort to answer", () -> {
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://" + gateway + ":18080/index.html"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.body().contains("hello from the pod");
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            if (httpd != null) {
                httpd.destroyForcibly();
            }
            stopAndRemove(a);
            stopAndRemove(b);
        }
    }

    @Test
    void stopReleasesTheIpAndTheNetnsAndRepeatsSafely() throws Exception {
        long before = ipAllocations();
        String id = run("stopper", 0);
        assertThat(ipAllocations()).isEqualTo(before + 1);
        jcri.runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        assertThat(status(id).getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_NOTREADY);
        assertThat(ipAllocations()).isEqualTo(before);
        assertThat(Files.exists(netns(id))).isFalse();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(id);
        jcri.runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        jcri.runtime()
                .removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        jcri.runtime()
                .removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        jcri.runtime()
                .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                        .setPodSandboxId("0123456789abcdef")
                        .build());
        jcri.runtime()
                .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                        .setPodSandboxId("0123456789abcdef")
                        .build());
        assertThat(containerd.ctr("k8s.io", "containers", "ls", "-q")).doesNotContain(id);
        assertThat(containerd.ctr("k8s.io", "snapshots", "ls")).doesNotContain(id);
        assertThat(jcri.dir().resolve("root/sandboxes/" + id)).doesNotExist();
    }

    @Test
    void aJcriRestartKeepsThePodReadyWithTheSameIp() {
        String id = run("survivor", 0);
        try {
            String ip = status(id).getStatus().getNetwork().getIp();
            jcri.restart();
            PodSandboxStatusResponse after = status(id);
            assertThat(after.getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
            assertThat(after.getStatus().getNetwork().getIp()).isEqualTo(ip);
            assertThat(jcri.runtime()
                            .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                            .getItemsList())
                    .extracting(p -> p.getId())
                    .contains(id);
            containerd.stop();
            containerd.restart();
            Await.until(
                    Duration.ofSeconds(30),
                    "the pod READY after a containerd restart",
                    () -> status(id).getStatus().getState() == PodSandboxState.SANDBOX_READY);
            assertThat(status(id).getStatus().getNetwork().getIp()).isEqualTo(ip);
        } finally {
            stopAndRemove(id);
        }
    }

    @Test
    void theSameMetadataTwiceIsRefused() {
        String id = run("twice", 0);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("twice", 0))
                    .isInstanceOfSatisfying(
                            io.grpc.StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.ALREADY_EXISTS));
        } finally {
            stopAndRemove(id);
        }
    }
}
