package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.adapters.containerd.oci.OciImageBuilder;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.adapters.containerd.oci.OciImageBuilder.Compression;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.Mount;
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
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The volumes an image declares (its config's {@code Volumes}), with real containerd and runc:
 * with {@code jcri.image.volumes=copy} (the default) each is a writable mount of its own, seeded
 * from the image, skipped where a CRI mount targets the path, removed with the container; with
 * {@code ignore} the path is no mount, just the image's files in the rootfs.
 */
class ImageDefinedVolumesIT {
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static String image;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryFixture.open();
        BuiltImage built = OciImageBuilder.image()
                .layer(TestImages.busyboxLayer())
                .layer(TestImages.etcLayer())
                .layer(OciImageBuilder.layer()
                        .owner(1000, 1000)
                        .directory("data", 0750)
                        .file("data/seed", "seeded by the image\n", 0644)
                        .build(Compression.GZIP))
                .volume("/data")
                .volume("/cache")
                .volume("/empty")
                .env("PATH=/bin")
                .cmd("sh")
                .build();
        registry.pusher().push("test/volumes", "1", built);
        image = registry.host() + "/test/volumes:1";
        containerd = ContainerdFixture.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(containerd, registry);
    }

    static JcriFixture jcri(String mode) {
        JcriFixture.Builder b = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.sandbox-image", "builtin")
                .property("jcri.image.volumes", mode);
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        JcriFixture jcri = b.start();
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        return jcri;
    }

    static String pod(JcriFixture jcri, String name) {
        return jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName(name)
                                        .setNamespace("default")
                                        .setUid("uid-" + name))
                                .setLinux(LinuxPodSandboxConfig.newBuilder()
                                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                                .setNamespaceOptions(NamespaceOption.newBuilder()
                                                        .setNetwork(NamespaceMode.NODE)))))
                        .build())
                .getPodSandboxId();
    }

    static String run(JcriFixture jcri, String pod, ContainerConfig.Builder c) {
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(c.setMetadata(ContainerMetadata.newBuilder().setName("app"))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addCommand("sleep")
                                .addArgs("1000"))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static String exec(JcriFixture jcri, String id, String script) {
        return jcri.runtime()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd(script)
                        .setTimeout(10)
                        .build())
                .getStdout()
                .toStringUtf8();
    }

    static List<String> mountPoints(JcriFixture jcri, String id) {
        return exec(jcri, id, "cut -d' ' -f2,4 /proc/mounts").lines().toList();
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void copyMakesEachDeclaredPathAWritableMountSeededFromTheImageAndRemovesItWithTheContainer() throws IOException {
        try (JcriFixture jcri = jcri("copy")) {
            String pod = pod(jcri, "volumes-copy");
            Path hostCache = Files.createDirectories(jcri.dir().resolve("host-cache"));
            Files.writeString(hostCache.resolve("from-host"), "host\n");
            String id = run(
                    jcri,
                    pod,
                    ContainerConfig.newBuilder()
                            .addMounts(Mount.newBuilder()
                                    .setHostPath(hostCache.toString())
                                    .setContainerPath("/cache/")));
            List<String> mounts = mountPoints(jcri, id);
            assertThat(mounts).anyMatch(m -> m.startsWith("/data rw"));
            assertThat(mounts).anyMatch(m -> m.startsWith("/empty rw"));
            assertThat(exec(jcri, id, "cat /data/seed; stat -c '%u:%g %a' /data; ls -A /empty | wc -l"))
                    .as("the image's files, owner and mode at /data; /empty empty")
                    .isEqualTo("seeded by the image\n1000:1000 750\n0\n");
            assertThat(exec(jcri, id, "echo kept > /data/written && echo >> /empty/x && echo ok"))
                    .isEqualTo("ok\n");
            assertThat(exec(jcri, id, "cat /cache/from-host"))
                    .as("the CRI mount wins")
                    .isEqualTo("host\n");

            Path volumes = jcri.dir().resolve("root/volumes").resolve(id);
            List<Path> dirs = list(volumes);
            assertThat(dirs).as("one directory per volume, none for /cache").hasSize(2);
            assertThat(dirs).anySatisfy(d -> {
                assertThat(d.resolve("seed")).hasContent("seeded by the image");
                assertThat(d.resolve("written")).hasContent("kept");
            });
            assertThat(dirs).anySatisfy(d -> assertThat(d.resolve("x")).exists());
            assertThat(list(hostCache))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("from-host");

            jcri.runtime()
                    .stopContainer(StopContainerRequest.newBuilder()
                            .setContainerId(id)
                            .setTimeout(0)
                            .build());
            jcri.runtime()
                    .removeContainer(RemoveContainerRequest.newBuilder()
                            .setContainerId(id)
                            .build());
            assertThat(volumes).as("removed with the container").doesNotExist();
            jcri.runtime()
                    .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                            .setPodSandboxId(pod)
                            .build());
        }
    }

    @Test
    void ignoreLeavesTheDeclaredPathsInTheRootfs() throws IOException {
        try (JcriFixture jcri = jcri("ignore")) {
            String pod = pod(jcri, "volumes-ignore");
            String id = run(jcri, pod, ContainerConfig.newBuilder());
            assertThat(mountPoints(jcri, id))
                    .noneMatch(m -> m.startsWith("/data ") || m.startsWith("/cache ") || m.startsWith("/empty "));
            assertThat(exec(jcri, id, "cat /data/seed; test -e /empty || echo no-empty"))
                    .as("the image's files, and no directory the image does not have")
                    .isEqualTo("seeded by the image\nno-empty\n");
            assertThat(list(jcri.dir().resolve("root/volumes").resolve(id))).isEmpty();
            jcri.runtime()
                    .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                            .setPodSandboxId(pod)
                            .build());
        }
    }
}
