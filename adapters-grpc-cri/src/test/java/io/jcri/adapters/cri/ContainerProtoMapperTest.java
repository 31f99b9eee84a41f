package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxContainerConfig;
import io.jcri.cri.v1.LinuxContainerSecurityContext;
import io.jcri.cri.v1.SupplementalGroupsPolicy;
import io.jcri.domain.container.ImageRequest;
import io.jcri.ports.in.ContainerLifecycle;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerProtoMapperTest {
    static ContainerLifecycle.CreateCommand create(SupplementalGroupsPolicy policy) {
        return ContainerProtoMapper.createCommand(CreateContainerRequest.newBuilder()
                .setPodSandboxId("pod")
                .setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("c"))
                        .setImage(ImageSpec.newBuilder()
                                .setImage("sha256:" + "a".repeat(64))
                                .setUserSpecifiedImage("busybox")
                                .putAnnotations("k", "v")
                                .setRuntimeHandler("runc"))
                        .setLinux(LinuxContainerConfig.newBuilder()
                                .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                        .addSupplementalGroups(4000)
                                        .setSupplementalGroupsPolicy(policy))))
                .build());
    }

    @Test
    void theSupplementalGroupsPolicyReachesTheDomain() {
        assertThat(create(SupplementalGroupsPolicy.Strict).config().security().strictSupplementalGroups())
                .isTrue();
        assertThat(create(SupplementalGroupsPolicy.Merge).config().security().strictSupplementalGroups())
                .isFalse();
        assertThat(create(SupplementalGroupsPolicy.Merge).config().security().supplementalGroups())
                .containsExactly(4000L);
    }

    @Test
    void theImageSpecIsKeptWhole() {
        ContainerLifecycle.CreateCommand c = create(SupplementalGroupsPolicy.Merge);
        assertThat(c.config().image()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(c.config().imageRequest()).isEqualTo(new ImageRequest("busybox", Map.of("k", "v"), "runc"));
    }
}
