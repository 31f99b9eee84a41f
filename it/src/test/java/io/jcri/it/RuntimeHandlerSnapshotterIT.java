package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.adapters.containerd.oci.OciImageBuilder.Layer;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ImageStatusRequest;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.NamespaceMode;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.domain.image.ChainIds;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestImages;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A snapshotter per runtime handler, with real containerd: handler {@code runc} on overlayfs,
 * handler {@code native} on the native snapshotter. A pull with {@code runtime_handler=native}
 * unpacks into native (seen through {@code ctr snapshots --snapshotter native}), ImageStatus
 * answers per handler, and a pod and container of that handler run on native snapshots.
 */
class RuntimeHandlerSnapshotterIT {
    static final String NS = "k8s.io";
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static String image;
    static List<String> chain;

    @BeforeAll
    static void start() {
        registry = RegistryFixture.open();
        BuiltImage busybox = TestImages.busybox("0:0", "per-handler", false);
        registry.pusher().push("test/handlers", "1", busybox);
        image = registry.host() + "/test/handlers:1";
        chain = ChainIds.of(busybox.layers().stream().map(Layer::diffId).toList());
        containerd = ContainerdFixture.start();
        JcriFixture.Builder b = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.sandbox-image", "builtin")
                .property("jcri.runtime.handlers.runc.snapshotter", "overlayfs")
                .property("jcri.runtime.handlers.native.snapshotter", "native");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        jcri = b.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (jcri != null) {
                jcri.removeAllPods();
            }
        } finally {
            Teardown.close(jcri, containerd, registry);
        }
    }

    static ImageSpec spec(String handler) {
        return ImageSpec.newBuilder().setImage(image).setRuntimeHandler(handler).build();
    }

    static boolean present(String handler) {
        return jcri.images()
                .imageStatus(
                        ImageStatusRequest.newBuilder().setImage(spec(handler)).build())
                .hasImage();
    }

    static String snapshots(String snapshotter) {
        return containerd.ctr(NS, "snapshots", "--snapshotter", snapshotter, "ls");
    }

    @Test
    void aPullForAHandlerUnpacksIntoItsSnapshotterAndItsContainersRunThere() {
        jcri.images().pullImage(PullImageRequest.newBuilder().setImage(spec("")).build());
        assertThat(present("")).isTrue();
        assertThat(present("runc")).isTrue();
        assertThat(present("native")).as("not unpacked into native yet").isFalse();
        assertThat(snapshots("overlayfs")).contains(chain.get(chain.size() - 1));
        assertThat(snapshots("native")).doesNotContain(chain.get(0));

        jcri.images()
                .pullImage(
                        PullImageRequest.newBuilder().setImage(spec("native")).build());
        assertThat(present("native")).isTrue();
        String native_ = snapshots("native");
        for (String c : chain) {
            assertThat(native_).as("every layer's chain ID committed in native").contains(c);
        }

        String pod = jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setRuntimeHandler("native")
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("native-pod")
                                        .setNamespace("default")
                                        .setUid("uid-native"))
                                .setLinux(LinuxPodSandboxConfig.newBuilder()
                                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                                .setNamespaceOptions(NamespaceOption.newBuilder()
                                                        .setNetwork(NamespaceMode.NODE)))))
                        .build())
                .getPodSandboxId();
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                                .setImage(spec("native"))
                                .addCommand("sleep")
                                .addArgs("1000"))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        String out = jcri.runtime()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("cat")
                        .addCmd("/etc/marker")
                        .setTimeout(10)
                        .build())
                .getStdout()
                .toStringUtf8();
        assertThat(out).isEqualTo("per-handler\n");
        assertThat(snapshots("native"))
                .as("the pod's and the container's rootfs")
                .contains(pod)
                .contains(id);
        assertThat(snapshots("overlayfs")).doesNotContain(id).doesNotContain(pod);
        assertThat(containerd.ctr(NS, "containers", "info", id)).contains("\"Snapshotter\": \"native\"");

        jcri.runtime()
                .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .build());
        assertThat(snapshots("native")).doesNotContain(id).doesNotContain(pod);
    }

    @Test
    void anUnknownHandlerIsInvalidArgumentNamingIt() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> jcri.images()
                        .pullImage(PullImageRequest.newBuilder()
                                .setImage(spec("kata"))
                                .build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("runtime handler \"kata\" is not configured");
    }
}
