package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.CDIDevice;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerStats;
import io.jcri.cri.v1.ContainerStatsRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ExecSyncResponse;
import io.jcri.cri.v1.ImageFsInfoRequest;
import io.jcri.cri.v1.ImageFsInfoResponse;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.ListPodSandboxStatsRequest;
import io.jcri.cri.v1.Mount;
import io.jcri.cri.v1.NamespaceMode;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxStats;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * cri-api v0.37's mount options, CDI devices from a spec file the test writes, and the stats
 * fields cgroup v1 does not have, with real containerd and runc, in a host-network pod.
 */
class CriDevicesAndMountOptionsIT {
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path dirs;
    static String image;
    static String pod;

    /** A CDI spec: a device whose node is the host's /dev/null, its numbers left to the node. */
    static final String CDI_SPEC = """
            cdiVersion: "0.6.0"
            kind: jcri.example.com/test
            containerEdits:
              env: ["CDI_SPEC_WIDE=yes"]
            devices:
              - name: null0
                containerEdits:
                  env: ["CDI_DEVICE=null0"]
                  deviceNodes:
                    - path: /dev/jcri-null0
                      hostPath: /dev/null
                      permissions: rw
            """;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryFixture.open();
        BuiltImage busybox = TestImages.busybox("0:0", "devices", false);
        registry.pusher().push("test/busybox", "1", busybox);
        image = registry.host() + "/test/busybox:1";
        containerd = ContainerdFixture.start();
        dirs = TestDirs.create("cri-devices");
        Path cdi = Files.createDirectories(dirs.resolve("cdi"));
        Files.writeString(cdi.resolve("test.yaml"), CDI_SPEC);
        JcriFixture.Builder b = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.sandbox-image", "builtin")
                .property("jcri.cdi.spec-dirs", dirs.resolve("no-such-dir") + "," + cdi);
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
                                        .setName("devices")
                                        .setNamespace("default")
                                        .setUid("uid-devices"))
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
            TestDirs.delete(dirs);
        }
    }

    static ContainerConfig.Builder sleeper(String name) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(image))
                .addCommand("sleep")
                .addArgs("1000");
    }

    static String run(ContainerConfig.Builder c) {
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(c)
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static ExecSyncResponse exec(String id, String script) {
        return jcri.runtime()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd(script)
                        .setTimeout(10)
                        .build());
    }

    static Path hostDir(String name) throws IOException {
        Path d = Files.createDirectories(dirs.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        return d;
    }

    @Test
    void aBinaryWillNotRunOnANoexecMountAndRunsOnTheSameMountWithout() throws IOException {
        assertThat(jcri.runtime()
                        .status(StatusRequest.getDefaultInstance())
                        .getFeatures()
                        .getMountOptions())
                .as("RuntimeFeatures.mount_options")
                .isTrue();
        Path dir = hostDir("noexec");
        String id = run(sleeper("noexec")
                .addMounts(Mount.newBuilder()
                        .setHostPath(dir.toString())
                        .setContainerPath("/mnt/noexec")
                        .addMountOptions("noexec")
                        .addMountOptions("nodev"))
                .addMounts(Mount.newBuilder().setHostPath(dir.toString()).setContainerPath("/mnt/exec")));
        ExecSyncResponse copied = exec(id, "cp /bin/sh /mnt/exec/sh && /mnt/exec/sh -c 'echo ran'");
        assertThat(copied.getStdout().toStringUtf8())
                .as(
                        "the same binary, mounted without noexec (stderr: %s)",
                        copied.getStderr().toStringUtf8())
                .isEqualTo("ran\n");
        ExecSyncResponse refused = exec(id, "/mnt/noexec/sh -c 'echo ran'; echo \"exit=$?\"");
        assertThat(refused.getStdout().toStringUtf8()).doesNotContain("ran\n").contains("exit=126");
        assertThat(refused.getStderr().toStringUtf8()).contains("Permission denied");
        assertThat(exec(id, "grep ' /mnt/noexec ' /proc/mounts").getStdout().toStringUtf8())
                .contains("noexec")
                .contains("nodev");
    }

    @Test
    void aCdiDeviceFromTheSpecFileAppearsInTheContainerWithItsEnvironment() {
        String byField =
                run(sleeper("cdi-field").addCDIDevices(CDIDevice.newBuilder().setName("jcri.example.com/test=null0")));
        String ls = exec(
                        byField,
                        "ls -l /dev/jcri-null0; echo $CDI_SPEC_WIDE $CDI_DEVICE; echo x > /dev/jcri-null0 && echo written")
                .getStdout()
                .toStringUtf8();
        assertThat(ls)
                .as("a character device 1, 3 (the host's /dev/null)")
                .startsWith("c")
                .contains("1,   3");
        assertThat(ls).contains("yes null0").contains("written");

        String byAnnotation =
                run(sleeper("cdi-annotation").putAnnotations("cdi.k8s.io/test-plugin", "jcri.example.com/test=null0"));
        assertThat(exec(byAnnotation, "test -c /dev/jcri-null0 && echo device")
                        .getStdout()
                        .toStringUtf8())
                .isEqualTo("device\n");

        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                StatusRuntimeException.class,
                () -> run(sleeper("cdi-unknown")
                        .addCDIDevices(CDIDevice.newBuilder().setName("jcri.example.com/test=gpu7"))));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription())
                .contains("CDI device \"jcri.example.com/test=gpu7\" is not defined")
                .contains("known: jcri.example.com/test=null0");
    }

    @Test
    void onCgroupV1SwapIoAndPressureAreAbsentNotZeroAndContainerFilesystemsAreReported() {
        String id = run(sleeper("stats"));
        exec(id, "dd if=/dev/zero of=/written bs=1k count=512 2>/dev/null");
        ContainerStats s = jcri.runtime()
                .containerStats(
                        ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats();
        assertThat(s.hasCpu()).isTrue();
        assertThat(s.getMemory().getWorkingSetBytes().getValue()).isPositive();
        assertThat(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")))
                .as("this check is for a cgroup v1 node")
                .isFalse();
        assertThat(s.hasSwap()).isFalse();
        assertThat(s.hasIo()).isFalse();
        assertThat(s.getCpu().hasPsi()).isFalse();
        assertThat(s.getMemory().hasPsi()).isFalse();
        PodSandboxStats p =
                jcri
                        .runtime()
                        .listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
                        .getStatsList()
                        .stream()
                        .filter(x -> x.getAttributes().getId().equals(pod))
                        .findFirst()
                        .orElseThrow();
        assertThat(p.getLinux().hasCpu()).isTrue();
        assertThat(p.getLinux().hasIo()).isFalse();
        assertThat(p.getLinux().getCpu().hasPsi()).isFalse();

        ImageFsInfoResponse fs = jcri.images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance());
        assertThat(fs.getContainerFilesystemsList()).singleElement().satisfies(c -> {
            assertThat(c.getFsId().getMountpoint())
                    .isEqualTo(fs.getImageFilesystems(0).getFsId().getMountpoint());
            assertThat(c.getUsedBytes().getValue())
                    .as("the writable layers, 512 KiB written in one")
                    .isGreaterThanOrEqualTo(512 * 1024);
        });
    }
}
