package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.nri.NriPluginStub;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ImageSpec;
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
import io.jcri.nri.api.Container;
import io.jcri.nri.api.ContainerAdjustment;
import io.jcri.nri.api.KeyValue;
import io.jcri.nri.api.PodSandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NRI against real containerd: a plugin written over jcri's own NRI client code connects to the
 * socket after a pod exists (and is told of it), sees a pod run and a container created and
 * started, adds an environment variable and an annotation that the container then has, and fails
 * a container it refuses, which CreateContainer then reports, leaving nothing behind.
 */
class NriIT {
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path dirs;
    static Path socket;
    static String image;
    static final List<String> events = new CopyOnWriteArrayList<>();
    static final List<String> synced = new CopyOnWriteArrayList<>();
    static volatile boolean refusing = true;

    static final NriPluginStub.Plugin PLUGIN = new NriPluginStub.Plugin() {
        @Override
        public void synchronize(List<PodSandbox> pods, List<Container> containers) {
            pods.forEach(p -> synced.add(p.getId()));
        }

        @Override
        public ContainerAdjustment createContainer(PodSandbox pod, Container container) {
            events.add("CreateContainer " + pod.getName() + "/" + container.getName());
            if (container.getName().equals("refused") && refusing) {
                throw new IllegalStateException("policy refuses containers named refused");
            }
            return ContainerAdjustment.newBuilder()
                    .addEnv(KeyValue.newBuilder().setKey("NRI_ADDED").setValue("by-the-plugin"))
                    .putAnnotations("nri.jcri.io/seen", pod.getNamespace() + "/" + pod.getName())
                    .build();
        }

        @Override
        public void event(String method, PodSandbox pod, Container container) {
            events.add(method + " " + pod.getName() + (container == null ? "" : "/" + container.getName()));
        }
    };

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryFixture.open();
        BuiltImage busybox = TestImages.busybox("0:0", "nri", false);
        registry.pusher().push("test/busybox", "1", busybox);
        image = registry.host() + "/test/busybox:1";
        containerd = ContainerdFixture.start();
        dirs = TestDirs.create("nri");
        socket = dirs.resolve("nri").resolve("nri.sock");
        JcriFixture.Builder b = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.sandbox-image", "builtin")
                .property("jcri.nri.enabled", "true")
                .property("jcri.nri.socket-path", socket.toString());
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        jcri = b.start();
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
    }

    @AfterAll
    static void stop() {
        try {
            Teardown.close(jcri, containerd, registry);
        } finally {
            TestDirs.delete(dirs);
        }
    }

    static String runPod(String name) {
        return jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName(name)
                                        .setNamespace("nri-ns")
                                        .setUid("uid-" + name))
                                .setLinux(LinuxPodSandboxConfig.newBuilder()
                                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                                .setNamespaceOptions(NamespaceOption.newBuilder()
                                                        .setNetwork(NamespaceMode.NODE)))))
                        .build())
                .getPodSandboxId();
    }

    static CreateContainerRequest container(String pod, String name) {
        return CreateContainerRequest.newBuilder()
                .setPodSandboxId(pod)
                .setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName(name))
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .addCommand("sleep")
                        .addArgs("1000"))
                .build();
    }

    static void removePod(String pod) {
        jcri.runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
        jcri.runtime()
                .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .build());
    }

    @Test
    void aPluginIsToldOfExistingPodsSeesTheLifecycleAndAdjustsTheContainer() throws IOException {
        String early = runPod("early");
        try (NriPluginStub plugin = NriPluginStub.connect(socket, "it-plugin", "10", PLUGIN, Duration.ofSeconds(20))) {
            assertThat(synced)
                    .as("Synchronize lists the pod that ran before the plugin")
                    .contains(early);
            String pod = runPod("watched");
            String id =
                    jcri.runtime().createContainer(container(pod, "adjusted")).getContainerId();
            jcri.runtime()
                    .startContainer(StartContainerRequest.newBuilder()
                            .setContainerId(id)
                            .build());
            String env = jcri.runtime()
                    .execSync(ExecSyncRequest.newBuilder()
                            .setContainerId(id)
                            .addCmd("sh")
                            .addCmd("-c")
                            .addCmd("echo $NRI_ADDED")
                            .setTimeout(10)
                            .build())
                    .getStdout()
                    .toStringUtf8();
            assertThat(env)
                    .as("the variable the plugin added, seen inside the container")
                    .isEqualTo("by-the-plugin\n");
            String spec = jcri.runtime()
                    .containerStatus(ContainerStatusRequest.newBuilder()
                            .setContainerId(id)
                            .setVerbose(true)
                            .build())
                    .getInfoOrThrow("info");
            assertThat(spec.replace(" ", "")).contains("\"nri.jcri.io/seen\":\"nri-ns/watched\"");
            jcri.runtime()
                    .stopContainer(StopContainerRequest.newBuilder()
                            .setContainerId(id)
                            .setTimeout(0)
                            .build());
            jcri.runtime()
                    .removeContainer(RemoveContainerRequest.newBuilder()
                            .setContainerId(id)
                            .build());
            removePod(pod);
            assertThat(events)
                    .containsSubsequence(
                            "RunPodSandbox watched",
                            "CreateContainer watched/adjusted",
                            "PostCreateContainer watched/adjusted",
                            "StartContainer watched/adjusted",
                            "PostStartContainer watched/adjusted",
                            "StopContainer watched/adjusted",
                            "RemoveContainer watched/adjusted",
                            "StopPodSandbox watched",
                            "RemovePodSandbox watched");
        } finally {
            removePod(early);
        }
    }

    @Test
    void aContainerThePluginRefusesIsNotCreatedAndLeavesNothing() throws IOException {
        String pod = runPod("refusing");
        try (NriPluginStub plugin = NriPluginStub.connect(socket, "it-refuser", "20", PLUGIN, Duration.ofSeconds(20))) {
            assertThatThrownBy(() -> jcri.runtime().createContainer(container(pod, "refused")))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getMessage())
                                    .contains("NRI plugin 20-it-refuser")
                                    .contains("CreateContainer")
                                    .contains("policy refuses containers named refused"));
            assertThat(jcri.runtime()
                            .listContainers(ListContainersRequest.getDefaultInstance())
                            .getContainersList())
                    .noneMatch(c -> c.getPodSandboxId().equals(pod));
            refusing = false;
            String again =
                    jcri.runtime().createContainer(container(pod, "refused")).getContainerId();
            assertThat(again)
                    .as("the name is free again after the failed create")
                    .isNotEmpty();
        } finally {
            removePod(pod);
        }
    }
}
