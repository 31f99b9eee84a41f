package io.jcri.domain.oci;

import static io.jcri.domain.oci.Fixtures.build;
import static io.jcri.domain.oci.Fixtures.container;
import static io.jcri.domain.oci.Fixtures.placement;
import static io.jcri.domain.oci.Fixtures.pod;
import static io.jcri.domain.oci.Fixtures.withSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.EnvVar;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerSpecProcessTest {

    @Test
    void runsTheImageEntrypointAndCmdByDefault() {
        assertThat(build(container().build()).process().args()).containsExactly("/entry", "serve");
    }

    @Test
    void criEnvOverridesImageEnvWhichOverridesDefaults() {
        OciSpec spec = build(container()
                .envs(List.of(new EnvVar("MODE", "cri"), new EnvVar("NEW", "x"), new EnvVar("PATH", "/cri/bin")))
                .build());
        assertThat(spec.process().env())
                .containsExactly("PATH=/cri/bin", "HOSTNAME=web-0", "MODE=cri", "KEEP=1", "NEW=x");
    }

    @Test
    void workingDirComesFromCriThenImageThenRoot() {
        assertThat(build(container().workingDir("/work").build()).process().cwd())
                .isEqualTo("/work");
        assertThat(build(container().build()).process().cwd()).isEqualTo("/srv");
        OciSpec bare = new OciSpecBuilder(HostFacts.typical())
                .container(
                        container().command(List.of("sh")).build(),
                        ContainerPlacement.of(
                                "c",
                                Fixtures.sandboxPlacement(),
                                1,
                                io.jcri.domain.container.ImageProcessDefaults.EMPTY),
                        pod());
        assertThat(bare.process().cwd()).isEqualTo("/");
    }

    @Test
    void ttySetsTerminal() {
        assertThat(build(container().tty(true).build()).process().terminal()).isTrue();
        assertThat(build(container().build()).process().terminal()).isFalse();
    }

    @Test
    void runsAsTheResolvedUserWithFileAndSupplementalGroups() {
        OciSpec spec = build(
                withSecurity(ContainerSecurity.builder().runAsUsername("app").supplementalGroups(List.of(3000L))));
        assertThat(spec.process().user()).isEqualTo(new OciSpec.User(1000, 1000, List.of(1000L, 2000L, 3000L)));
    }

    @Test
    void aMissingUsernameIsAnInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> build(withSecurity(ContainerSecurity.builder().runAsUsername("ghost"))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"ghost\"");
    }

    @Test
    void oomScoreAdjIsClampedToTheRuntimesOwn() {
        LinuxResources guaranteed = LinuxResources.NONE.withOomScoreAdj(-997);
        assertThat(build(
                                container().resources(guaranteed).build(),
                                HostFacts.typical().withCurrentOomScoreAdj(-500))
                        .process()
                        .oomScoreAdj())
                .isEqualTo(-500);
        assertThat(build(
                                container().resources(guaranteed).build(),
                                HostFacts.typical().withCurrentOomScoreAdj(-999))
                        .process()
                        .oomScoreAdj())
                .isEqualTo(-997);
    }

    @Test
    void noNewPrivsIsPassedThrough() {
        assertThat(build(withSecurity(ContainerSecurity.builder().noNewPrivs(true)))
                        .process()
                        .noNewPrivileges())
                .isTrue();
        assertThat(build(container().build()).process().noNewPrivileges()).isFalse();
    }

    @Test
    void annotationsNameTheContainerItsSandboxAndImage() {
        OciSpec spec =
                build(container().annotations(java.util.Map.of("user/key", "v")).build());
        assertThat(spec.annotations())
                .containsEntry("io.kubernetes.cri.container-type", "container")
                .containsEntry("io.kubernetes.cri.sandbox-id", "sb-1")
                .containsEntry("io.kubernetes.cri.container-name", "app")
                .containsEntry("io.kubernetes.cri.image-name", "docker.io/library/busybox:1.36")
                .containsEntry("io.kubernetes.cri.sandbox-name", "web-0")
                .containsEntry("io.kubernetes.cri.sandbox-namespace", "prod")
                .containsEntry("io.kubernetes.cri.sandbox-uid", "uid-123")
                .containsEntry("user/key", "v");
    }

    @Test
    void rootfsAndCgroupsPath() {
        OciSpec spec = build(withSecurity(ContainerSecurity.builder().readonlyRootfs(true)));
        assertThat(spec.root()).isEqualTo(new OciSpec.Root("rootfs", true));
        assertThat(spec.linux().cgroupsPath()).isEqualTo("/kubepods/pod-uid-123/ctr-1");
        OciSpec systemd = new OciSpecBuilder(HostFacts.typical().withSystemdCgroup(true))
                .container(
                        container().build(),
                        placement(),
                        pod().toBuilder().cgroupParent("kubepods-pod123.slice").build());
        assertThat(systemd.linux().cgroupsPath()).isEqualTo("kubepods-pod123.slice:jcri:ctr-1");
    }
}
