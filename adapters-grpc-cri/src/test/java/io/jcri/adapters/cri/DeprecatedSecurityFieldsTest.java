package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxContainerConfig;
import io.jcri.cri.v1.LinuxContainerSecurityContext;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.security.SeccompProfile;
import io.jcri.ports.in.ContainerLifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deprecated string forms of seccomp and AppArmor profiles that older kubelets still send. */
class DeprecatedSecurityFieldsTest {
    static ContainerLifecycle.CreateCommand create(LinuxContainerSecurityContext.Builder security) {
        return ContainerProtoMapper.createCommand(CreateContainerRequest.newBuilder()
                .setPodSandboxId("pod")
                .setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox"))
                        .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(security)))
                .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/profile.json", "block-chmod.json", "localhost/", "Unconfined", "runtime/other"})
    void aSeccompProfilePathOfNoKnownFormIsRefusedNamingTheField(String value) {
        assertThatThrownBy(
                        () -> create(LinuxContainerSecurityContext.newBuilder().setSeccompProfilePath(value)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("container app")
                .hasMessageContaining("seccomp_profile_path")
                .hasMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "runtime/default", "docker/default", "unconfined", "localhost/tmp/p.json"})
    void theKnownSeccompFormsAreAccepted(String value) {
        SeccompProfile p = create(LinuxContainerSecurityContext.newBuilder().setSeccompProfilePath(value))
                .config()
                .security()
                .seccomp();
        assertThat(p).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-profile", "/etc/apparmor.d/x", "localhost/", "docker/default"})
    void anAppArmorProfileOfNoKnownFormIsRefusedNamingTheField(String value) {
        assertThatThrownBy(
                        () -> create(LinuxContainerSecurityContext.newBuilder().setApparmorProfile(value)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("apparmor_profile")
                .hasMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "runtime/default", "unconfined", "localhost/cri-validate"})
    void theKnownAppArmorFormsAreAccepted(String value) {
        assertThat(create(LinuxContainerSecurityContext.newBuilder().setApparmorProfile(value))
                        .config()
                        .security()
                        .apparmor())
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/profile.json", "unknown/x"})
    void aPodsSeccompProfilePathOfNoKnownFormIsRefused(String value) {
        RunPodSandboxRequest request = RunPodSandboxRequest.newBuilder()
                .setConfig(PodSandboxConfig.newBuilder()
                        .setMetadata(PodSandboxMetadata.newBuilder()
                                .setName("web")
                                .setNamespace("ns")
                                .setUid("u"))
                        .setLinux(LinuxPodSandboxConfig.newBuilder()
                                .setSecurityContext(
                                        LinuxSandboxSecurityContext.newBuilder().setSeccompProfilePath(value))))
                .build();
        assertThatThrownBy(() -> SandboxProtoMapper.toCommand(request))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("pod ns/web")
                .hasMessageContaining("seccomp_profile_path");
    }
}
