package io.jcri.domain.oci;

import static io.jcri.domain.oci.Fixtures.build;
import static io.jcri.domain.oci.Fixtures.container;
import static io.jcri.domain.oci.Fixtures.placement;
import static io.jcri.domain.oci.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.Device;
import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.container.ImageVolume;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.error.JcriException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerSpecMountsTest {

    static OciSpec withMounts(Set<String> shared, ContainerMount... mounts) {
        return new OciSpecBuilder(HostFacts.typical())
                .container(
                        container().mounts(List.of(mounts)).build(), placement().withSharedMountSources(shared), pod());
    }

    @Test
    void defaultMountsComeFirstInOrder() {
        assertThat(build(container().build()).mounts())
                .extracting(OciSpec.Mount::destination)
                .containsExactly(
                        "/proc",
                        "/dev",
                        "/dev/pts",
                        "/dev/shm",
                        "/dev/mqueue",
                        "/sys",
                        "/sys/fs/cgroup",
                        "/etc/hostname",
                        "/etc/hosts",
                        "/etc/resolv.conf");
    }

    @Test
    void sharesThePodsShmAndFiles() {
        OciSpec spec = build(container().build());
        assertThat(spec.mount("/dev/shm").source()).isEqualTo("/var/lib/jcri/sandboxes/sb-1/shm");
        assertThat(spec.mount("/dev/shm").type()).isEqualTo("bind");
        assertThat(spec.mount("/etc/resolv.conf").source()).isEqualTo("/var/lib/jcri/sandboxes/sb-1/resolv.conf");
        assertThat(spec.mount("/etc/hosts").options()).contains("rw");
    }

    @Test
    void podFilesAreReadOnlyWithAReadOnlyRootfs() {
        OciSpec spec = build(container()
                .security(ContainerSecurity.builder().readonlyRootfs(true).build())
                .build());
        assertThat(spec.mount("/etc/hosts").options()).contains("ro");
    }

    @Test
    void hostIpcUsesTheHostsShm() {
        OciSpec spec = build(container()
                .security(ContainerSecurity.builder()
                        .namespaces(NamespaceOptions.pod().withIpc(NamespaceMode.NODE))
                        .build())
                .build());
        assertThat(spec.mount("/dev/shm").source()).isEqualTo("/dev/shm");
    }

    @Test
    void withoutAPodShmTheContainerGetsA64MiBTmpfs() {
        OciSpec spec = new OciSpecBuilder(HostFacts.typical())
                .container(
                        container().build(),
                        ContainerPlacement.of("c", SandboxPlacement.of("sb", Fixtures.PAUSE, null), 7, Fixtures.IMAGE),
                        pod());
        assertThat(spec.mount("/dev/shm")).isEqualTo(LinuxDefaults.shmTmpfs());
        assertThat(spec.mount("/dev/shm").options()).contains("size=65536k");
        assertThat(spec.mount("/etc/hosts")).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}, rootfs {2}")
    @CsvSource({"PRIVATE, rprivate, ''", "HOST_TO_CONTAINER, rslave, rslave", "BIDIRECTIONAL, rshared, rshared"})
    void propagationMapsToMountAndRootfsOptions(MountPropagation propagation, String option, String rootfs) {
        OciSpec spec = withMounts(
                Set.of("/data"), ContainerMount.of("/data", "/mnt/data", true).withPropagation(propagation));
        OciSpec.Mount mount = spec.mount("/mnt/data");
        assertThat(mount.type()).isEqualTo("bind");
        assertThat(mount.source()).isEqualTo("/data");
        assertThat(mount.options()).containsExactly("rbind", option, "ro");
        assertThat(spec.linux().rootfsPropagation()).isEqualTo(rootfs.isEmpty() ? null : rootfs);
    }

    @Test
    void bidirectionalOnAMountThatIsNotSharedIsRefusedNamingThePath() {
        assertThatThrownBy(() -> withMounts(
                        Set.of(),
                        ContainerMount.of("/data", "/mnt", false).withPropagation(MountPropagation.BIDIRECTIONAL)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"/data\"")
                .hasMessageContaining("not shared");
    }

    @Test
    void hostToContainerIsAllowedOnAPrivateMount() {
        OciSpec spec = withMounts(
                Set.of(),
                ContainerMount.of("/data", "/mnt", false).withPropagation(MountPropagation.HOST_TO_CONTAINER));
        assertThat(spec.mount("/mnt").options()).contains("rslave");
    }

    @Test
    void criMountsReplaceDefaultsAtOrBelowTheirDestinationAndParentsComeFirst() {
        OciSpec spec = withMounts(
                Set.of(),
                ContainerMount.of("/host/x", "/dev/custom/x", false),
                ContainerMount.of("/host/hosts", "/etc/hosts", true),
                ContainerMount.of("/host/dev", "/dev", false));
        List<String> destinations =
                spec.mounts().stream().map(OciSpec.Mount::destination).toList();
        assertThat(destinations).doesNotContain("/dev/pts", "/dev/shm", "/dev/mqueue");
        assertThat(spec.mount("/etc/hosts").source()).isEqualTo("/host/hosts");
        assertThat(destinations.stream().filter(d -> d.equals("/etc/hosts"))).hasSize(1);
        assertThat(destinations.indexOf("/dev")).isLessThan(destinations.indexOf("/dev/custom/x"));
    }

    @Test
    void relativePathsAreRefused() {
        assertThatThrownBy(() -> withMounts(Set.of(), ContainerMount.of("/data", "mnt", false)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"mnt\"");
        assertThatThrownBy(() -> withMounts(Set.of(), ContainerMount.of("data", "/mnt", false)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"data\"");
    }

    static OciSpec withRecursiveReadOnly(boolean handlerCanDoIt, ContainerMount mount) {
        return new OciSpecBuilder(HostFacts.typical())
                .container(
                        container().mounts(List.of(mount)).build(),
                        placement().withSharedMountSources(Set.of("/data")).withRecursiveReadOnlyMounts(handlerCanDoIt),
                        pod());
    }

    @Test
    void aRecursiveReadOnlyMountGetsRroInsteadOfRo() {
        OciSpec spec =
                withRecursiveReadOnly(true, new ContainerMount("/mnt", "/data", true, MountPropagation.PRIVATE, true));
        assertThat(spec.mount("/mnt").source()).isEqualTo("/data");
        assertThat(spec.mount("/mnt").type()).isEqualTo("bind");
        assertThat(spec.mount("/mnt").options()).containsExactly("rbind", "rprivate", "rro");
    }

    @Test
    void aPlainReadOnlyMountStaysRoWhenTheHandlerCouldDoRro() {
        OciSpec spec = withRecursiveReadOnly(true, ContainerMount.of("/data", "/mnt", true));
        assertThat(spec.mount("/mnt").options()).containsExactly("rbind", "rprivate", "ro");
    }

    @Test
    void recursiveReadOnlyIsRefusedWhenTheHandlerCannotDoIt() {
        assertThatThrownBy(() -> withRecursiveReadOnly(
                        false, new ContainerMount("/mnt", "/data", true, MountPropagation.PRIVATE, true)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("mount at \"/mnt\"")
                .hasMessageContaining("runtime handler cannot do");
    }

    @ParameterizedTest
    @CsvSource({
        "true, HOST_TO_CONTAINER, propagation HOST_TO_CONTAINER",
        "true, BIDIRECTIONAL, propagation BIDIRECTIONAL",
        "false, PRIVATE, not read-only",
        "false, HOST_TO_CONTAINER, not read-only"
    })
    void recursiveReadOnlyNeedsReadOnlyAndPrivatePropagation(
            boolean readonly, MountPropagation propagation, String reason) {
        ContainerMount mount = new ContainerMount("/mnt", "/data", readonly, propagation, true);
        for (boolean handlerCanDoIt : new boolean[] {true, false}) {
            assertThatThrownBy(() -> withRecursiveReadOnly(handlerCanDoIt, mount))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("container \"app\": mount at \"/mnt\"")
                    .hasMessageContaining("recursive read-only")
                    .hasMessageContaining(reason);
        }
    }

    @Test
    void anImageVolumeIsAReadOnlyBindOfWhereTheImageIsMountedAndMayRunItsPrograms() {
        ContainerMount volume = new ContainerMount(
                "/mnt/image", "", true, MountPropagation.PRIVATE, false, new ImageVolume("busybox", "", "", "etc"));
        OciSpec spec = withMounts(Set.of(), volume.boundFrom("/run/jcri/image-volumes/c1/0/etc"));
        OciSpec.Mount mount = spec.mount("/mnt/image");
        assertThat(mount.type()).isEqualTo("bind");
        assertThat(mount.source()).isEqualTo("/run/jcri/image-volumes/c1/0/etc");
        assertThat(mount.options()).containsExactly("rbind", "rprivate", "ro");
    }

    @Test
    void anImageVolumeNotMountedOnTheNodeIsRefusedNamingItsImage() {
        ContainerMount volume = new ContainerMount(
                "/mnt/image", "", true, MountPropagation.PRIVATE, false, new ImageVolume("busybox", "", "", ""));
        assertThatThrownBy(() -> withMounts(Set.of(), volume))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("image volume at \"/mnt/image\"")
                .hasMessageContaining("busybox")
                .hasMessageNotContaining("absolute");
    }

    @Test
    void devicesBecomeNodesAndCgroupRules() {
        ContainerConfig config = container()
                .devices(List.of(new Device("/dev/xfuse", "/dev/fuse", "rw"), new Device("", "/dev/sda", "")))
                .build();
        OciSpec spec = new OciSpecBuilder(HostFacts.typical())
                .container(
                        config,
                        placement()
                                .withDeviceNodes(Map.of(
                                        "/dev/fuse", new DeviceNode('c', 10, 229, 0666, 0, 0),
                                        "/dev/sda", new DeviceNode('b', 8, 0, 0660, 0, 6))),
                        pod());
        assertThat(spec.linux().devices())
                .containsExactly(
                        new OciSpec.Device("/dev/xfuse", "c", 10, 229, 0666, 0, 0),
                        new OciSpec.Device("/dev/sda", "b", 8, 0, 0660, 0, 6));
        assertThat(spec.linux().resources().devices())
                .containsExactly(
                        Resources.DENY_ALL,
                        new OciSpec.DeviceRule(true, "c", 10L, 229L, "rw"),
                        new OciSpec.DeviceRule(true, "b", 8L, 0L, "rwm"));
    }

    @Test
    void devicesMustExistAndHaveValidPermissions() {
        assertThatThrownBy(() -> build(container()
                        .devices(List.of(new Device("/dev/x", "/dev/x", "r")))
                        .build()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"/dev/x\"");
        assertThatThrownBy(() -> new OciSpecBuilder(HostFacts.typical())
                        .container(
                                container()
                                        .devices(List.of(new Device("/dev/x", "/dev/x", "rwx")))
                                        .build(),
                                placement().withDeviceNodes(Map.of("/dev/x", new DeviceNode('c', 1, 3, 0666, 0, 0))),
                                pod()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"rwx\"");
    }
}
