package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerFilter;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerState;
import io.jcri.cri.v1.ContainerStateValue;
import io.jcri.cri.v1.ContainerStatus;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.ContainerStatusResponse;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ExecSyncResponse;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.KeyValue;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.NamespaceMode;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Container RPCs as the kubelet calls them, on jcri's CRI socket, with real containerd, runc
 * and an image pulled from a real registry, in a host-network pod with jcri's built-in pause.
 * One registry, containerd, jcri and pod for the class.
 */
class ContainerCriIT {
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path logDir;
    static String image;
    static String pod;

    @BeforeAll
    static void start() {
        registry = RegistryFixture.open();
        BuiltImage busybox = TestImages.busybox("1000:1000", "containers", false);
        registry.pusher().push("test/busybox", "1", busybox);
        image = registry.host() + "/test/busybox:1";
        containerd = ContainerdFixture.start();
        logDir = TestDirs.create("pod-logs");
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        jcri = b.start();
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        pod = jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("ctrs")
                                        .setNamespace("default")
                                        .setUid("uid-ctrs"))
                                .setLogDirectory(logDir.toString())
                                .setLinux(LinuxPodSandboxConfig.newBuilder()
                                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                                .setNamespaceOptions(NamespaceOption.newBuilder()
                                                        .setNetwork(NamespaceMode.NODE)))))
                        .build())
                .getPodSandboxId();
    }

    @AfterAll
    static void stop() {
        try {
            if (pod != null) {
                jcri.runtime()
                        .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                                .setPodSandboxId(pod)
                                .build());
                jcri.runtime()
                        .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                                .setPodSandboxId(pod)
                                .build());
            }
        } finally {
            Teardown.close(jcri, containerd, registry);
            TestDirs.delete(logDir);
        }
    }

    static String create(String name, String script, KeyValue... envs) {
        ContainerConfig.Builder c = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(image))
                .addCommand("sh")
                .addArgs("-c")
                .addArgs(script)
                .setLogPath(name + ".log");
        for (KeyValue kv : envs) {
            c.addEnvs(kv);
        }
        return jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(c)
                        .build())
                .getContainerId();
    }

    static String run(String name, String script, KeyValue... envs) {
        String id = create(name, script, envs);
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static ContainerStatusResponse status(String id, boolean verbose) {
        return jcri.runtime()
                .containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(id)
                        .setVerbose(verbose)
                        .build());
    }

    static ContainerStatus awaitExit(String id) {
        Await.until(
                Duration.ofSeconds(20),
                id + " to exit",
                () -> status(id, false).getStatus().getState() == ContainerState.CONTAINER_EXITED);
        return status(id, false).getStatus();
    }

    static List<String> stdout(String name) {
        try {
            Path f = logDir.resolve(name + ".log");
            if (!Files.exists(f)) {
                return List.of();
            }
            return Files.readString(f, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.split(" ", 4)[1].equals("stdout"))
                    .map(l -> l.split(" ", 4).length > 3 ? l.split(" ", 4)[3] : "")
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StatusRuntimeException failure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aContainerRunsExitsAndIsRemovedWithItsLogKept() throws Exception {
        String id = create(
                "hello",
                "echo hello $FOO; echo oops >&2; exit 3",
                KeyValue.newBuilder()
                        .setKey("FOO")
                        .setValue(ByteString.copyFromUtf8("bar"))
                        .build());
        ContainerStatus created = status(id, false).getStatus();
        assertThat(created.getState()).isEqualTo(ContainerState.CONTAINER_CREATED);
        assertThat(created.getImage().getImage()).isEqualTo(image);
        assertThat(created.getImageRef()).startsWith(registry.host() + "/test/busybox@sha256:");
        assertThat(created.getLogPath()).isEqualTo(logDir.resolve("hello.log").toString());
        assertThat(created.getUser().getLinux().getUid()).isEqualTo(1000);
        assertThat(created.getUser().getLinux().getGid()).isEqualTo(1000);
        assertThat(jcri.runtime()
                        .podSandboxStatus(io.jcri.cri.v1.PodSandboxStatusRequest.newBuilder()
                                .setPodSandboxId(pod)
                                .build())
                        .getContainersStatusesList())
                .filteredOn(c -> c.getId().equals(id))
                .singleElement()
                .satisfies(c -> assertThat(c.getState()).isEqualTo(ContainerState.CONTAINER_CREATED));

        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        ContainerStatus s = awaitExit(id);
        assertThat(s.getExitCode()).isEqualTo(3);
        assertThat(s.getReason()).isEqualTo("Error");
        assertThat(s.getStartedAt()).isPositive();
        assertThat(s.getFinishedAt()).isGreaterThanOrEqualTo(s.getStartedAt());
        String log = Files.readString(logDir.resolve("hello.log"));
        assertThat(log).contains(" stdout F hello bar\n").contains(" stderr F oops\n");

        assertThat(jcri.runtime()
                        .listContainers(ListContainersRequest.newBuilder()
                                .setFilter(ContainerFilter.newBuilder()
                                        .setId(id.substring(0, 10))
                                        .setPodSandboxId(pod)
                                        .setState(ContainerStateValue.newBuilder()
                                                .setState(ContainerState.CONTAINER_EXITED)))
                                .build())
                        .getContainersList())
                .extracting(c -> c.getId())
                .containsExactly(id);

        for (int i = 0; i < 2; i++) {
            jcri.runtime()
                    .stopContainer(
                            StopContainerRequest.newBuilder().setContainerId(id).build());
            jcri.runtime()
                    .removeContainer(RemoveContainerRequest.newBuilder()
                            .setContainerId(id)
                            .build());
        }
        jcri.runtime()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId("f".repeat(64))
                        .build());
        jcri.runtime()
                .removeContainer(RemoveContainerRequest.newBuilder()
                        .setContainerId("f".repeat(64))
                        .build());
        assertThat(failure(() -> status(id, false)).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(Files.readString(logDir.resolve("hello.log"))).isEqualTo(log);
    }

    @Test
    void execSyncAnswersAndTimesOutAndStopEndsTheContainer() {
        String id = run("sleeper", "sleep 1000");
        ExecSyncResponse r = jcri.runtime()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd("id -u; echo e >&2; exit 5")
                        .setTimeout(10)
                        .build());
        assertThat(r.getExitCode()).isEqualTo(5);
        assertThat(r.getStdout().toStringUtf8()).isEqualTo("1000\n");
        assertThat(r.getStderr().toStringUtf8()).isEqualTo("e\n");
        assertThat(failure(() -> jcri.runtime()
                                .execSync(ExecSyncRequest.newBuilder()
                                        .setContainerId(id)
                                        .addCmd("sleep")
                                        .addCmd("30")
                                        .setTimeout(1)
                                        .build()))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(status(id, true).getInfoMap().get("info"))
                .contains("\"pid\":")
                .contains("\"runtimeSpec\":{");

        jcri.runtime()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId(id)
                        .setTimeout(2)
                        .build());
        ContainerStatus s = status(id, false).getStatus();
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(s.getExitCode()).isEqualTo(143);
    }

    @Test
    void aJcriRestartKeepsARunningContainerRunningWithItsLogGrowing() {
        String ticker = run("ticker", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done");
        String ender = run("ender", "trap 'exit 7' TERM; echo ready; while true; do sleep 0.2; done");
        Await.until(
                Duration.ofSeconds(10),
                "output",
                () -> stdout("ticker").size() >= 2 && stdout("ender").contains("ready"));
        long startedAt = status(ticker, false).getStatus().getStartedAt();

        jcri.stop();
        containerd.ctr("k8s.io", "task", "kill", "-s", "SIGTERM", ender);
        Await.until(
                Duration.ofSeconds(10),
                "ender to stop while jcri is down",
                () -> containerd
                        .ctr("k8s.io", "task", "ls")
                        .lines()
                        .anyMatch(l -> l.startsWith(ender) && l.contains("STOPPED")));
        jcri.restart();

        ContainerStatus t = status(ticker, false).getStatus();
        assertThat(t.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(t.getStartedAt()).isEqualTo(startedAt);
        int before = stdout("ticker").size();
        Await.until(
                Duration.ofSeconds(10),
                "the log to grow after the restart",
                () -> stdout("ticker").size() >= before + 3);
        List<String> ticks = stdout("ticker");
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).isEqualTo("tick " + i);
        }
        ContainerStatus e = status(ender, false).getStatus();
        assertThat(e.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(e.getExitCode()).isEqualTo(7);
        jcri.runtime()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId(ticker)
                        .setTimeout(0)
                        .build());
        assertThat(status(ticker, false).getStatus().getExitCode()).isEqualTo(137);
        assertThatThrownBy(() -> jcri.runtime()
                        .startContainer(StartContainerRequest.newBuilder()
                                .setContainerId(ticker)
                                .build()))
                .isInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void asTheKubeletNamesItByIdStatusGivesTheTagAndTheImageSpecBack() {
        String imageId = jcri.images()
                .imageStatus(io.jcri.cri.v1.ImageStatusRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build())
                .getImage()
                .getId();
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName("by-id"))
                                .setImage(ImageSpec.newBuilder()
                                        .setImage(imageId)
                                        .setUserSpecifiedImage("busybox-from-the-pod-spec:1")
                                        .putAnnotations("io.jcri.test/image", "annotated")
                                        .setRuntimeHandler("runc"))
                                .addCommand("true"))
                        .build())
                .getContainerId();
        for (int round = 0; round < 2; round++) {
            ContainerStatus s = status(id, false).getStatus();
            assertThat(s.getImage().getImage()).as("round " + round).isEqualTo(image);
            assertThat(s.getImage().getUserSpecifiedImage()).isEqualTo("busybox-from-the-pod-spec:1");
            assertThat(s.getImage().getAnnotationsMap()).containsEntry("io.jcri.test/image", "annotated");
            assertThat(s.getImage().getRuntimeHandler()).isEqualTo("runc");
            assertThat(s.getImageId()).isEqualTo(imageId);
            assertThat(s.getImageRef()).startsWith(registry.host() + "/test/busybox@sha256:");
            assertThat(jcri.runtime()
                            .listContainers(ListContainersRequest.newBuilder()
                                    .setFilter(ContainerFilter.newBuilder().setId(id))
                                    .build())
                            .getContainers(0)
                            .getImage()
                            .getImage())
                    .isEqualTo(image);
            if (round == 0) {
                jcri.stop();
                jcri.restart();
            }
        }
        jcri.runtime()
                .removeContainer(
                        RemoveContainerRequest.newBuilder().setContainerId(id).build());
    }
}
