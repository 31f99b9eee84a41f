package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerState;
import io.jcri.cri.v1.ContainerStatus;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.NamespaceMode;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * jcri started while its containerd is down, after a pod with a running container: the CRI socket
 * answers at once, Status says RuntimeReady=false with reason Recovering and the pod and container
 * calls are refused as UNAVAILABLE (an empty list would make the kubelet start duplicates); once
 * containerd is back, recovery finishes by itself and the pod and container are there again,
 * READY and RUNNING.
 */
class StartupRecoveryIT {

    @Test
    void jcriStartedWhileContainerdIsDownRecoversOnceItIsBack() {
        RegistryFixture registry = RegistryFixture.open();
        ContainerdFixture containerd = ContainerdFixture.start();
        Path logDir = TestDirs.create("recovery-logs");
        JcriFixture jcri = null;
        boolean containerdDown = false;
        try {
            BuiltImage busybox = TestImages.busybox("0:0", "recovery", false);
            registry.pusher().push("test/busybox", "1", busybox);
            String image = registry.host() + "/test/busybox:1";
            JcriFixture.Builder b =
                    JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
            RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
            jcri = b.start();
            String pod = runPod(jcri, logDir);
            String ctr = runContainer(jcri, pod, image);
            long startedAt = status(jcri, ctr).getStartedAt();

            jcri.stop();
            containerd.stop();
            containerdDown = true;
            jcri.restart(false);
            assertRecovering(jcri, containerd);

            containerd.restart();
            containerdDown = false;
            JcriFixture up = jcri;
            Await.until(
                    Duration.ofSeconds(60),
                    "RuntimeReady=true after containerd is back",
                    () -> runtimeReady(up).getStatus());
            assertRecovered(jcri, pod, ctr, startedAt);
        } finally {
            if (containerdDown) {
                containerd.restart();
                if (jcri != null) {
                    jcri.awaitRecovery();
                }
            }
            Teardown.close(Teardown.podsRemoved(jcri), containerd, registry);
            TestDirs.delete(logDir);
        }
    }

    /** jcri is up, containerd is not: the socket answers, the pod and container calls do not. */
    static void assertRecovering(JcriFixture jcri, ContainerdFixture containerd) {
        assertThat(jcri.runtime().version(VersionRequest.getDefaultInstance()).getRuntimeName())
                .isEqualTo("jcri");
        Await.until(
                Duration.ofSeconds(30),
                "Status to say Recovering with the last error",
                () -> runtimeReady(jcri).getMessage().contains("last error"));
        var recovering = runtimeReady(jcri);
        assertThat(recovering.getStatus()).isFalse();
        assertThat(recovering.getReason()).isEqualTo("Recovering");
        assertThat(recovering.getMessage())
                .contains("attempt")
                .contains(containerd.socket().toString());
        StatusRuntimeException refused =
                refused(() -> jcri.runtime().listContainers(ListContainersRequest.getDefaultInstance()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(refused.getStatus().getDescription()).contains("jcri is recovering");
        assertThat(refused(() -> jcri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        JcriFixture.HttpResult health = jcri.get("/actuator/health/recovery");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("OUT_OF_SERVICE").contains("attempt");
        assertThat(jcri.get("/actuator/health/readiness").status()).isEqualTo(503);
    }

    /** Recovery is done: the pod READY, the container RUNNING since it first started, health UP. */
    static void assertRecovered(JcriFixture jcri, String pod, String ctr, long startedAt) {
        assertThat(jcri.runtime()
                        .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                                .setPodSandboxId(pod)
                                .build())
                        .getStatus()
                        .getState())
                .isEqualTo(PodSandboxState.SANDBOX_READY);
        ContainerStatus back = status(jcri, ctr);
        assertThat(back.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(back.getStartedAt()).isEqualTo(startedAt);
        assertThat(jcri.runtime()
                        .listContainers(ListContainersRequest.getDefaultInstance())
                        .getContainersList())
                .extracting(c -> c.getId())
                .containsExactly(ctr);
        JcriFixture.HttpResult health = jcri.get("/actuator/health/recovery");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"pods\":1").contains("\"containers\":1");
    }

    static String runPod(JcriFixture jcri, Path logDir) {
        return jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("recovered")
                                        .setNamespace("default")
                                        .setUid("uid-recovered"))
                                .setLogDirectory(logDir.toString())
                                .setLinux(LinuxPodSandboxConfig.newBuilder()
                                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                                .setNamespaceOptions(NamespaceOption.newBuilder()
                                                        .setNetwork(NamespaceMode.NODE)))))
                        .build())
                .getPodSandboxId();
    }

    static String runContainer(JcriFixture jcri, String pod, String image) {
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName("sleeper"))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addCommand("sh")
                                .addArgs("-c")
                                .addArgs("while true; do sleep 1; done")
                                .setLogPath("sleeper.log"))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static ContainerStatus status(JcriFixture jcri, String id) {
        return jcri.runtime()
                .containerStatus(
                        ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus();
    }

    static io.jcri.cri.v1.RuntimeCondition runtimeReady(JcriFixture jcri) {
        return jcri.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditionsList().stream()
                .filter(c -> c.getType().equals("RuntimeReady"))
                .findFirst()
                .orElseThrow();
    }

    static StatusRuntimeException refused(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded while jcri was recovering");
    }
}
