package io.jcri.domain.oci;

import static io.jcri.domain.oci.Fixtures.build;
import static io.jcri.domain.oci.Fixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.json.RawJson;
import io.jcri.domain.security.SeccompProfile;
import org.junit.jupiter.api.Test;

class OciSpecJsonTest {

    @Test
    void writesRuntimeSpecFieldNames() {
        OciSpec spec = build(container()
                .resources(LinuxResources.NONE
                        .withCpu(256, 0, 0)
                        .withMemory(1 << 20, 0)
                        .withOomScoreAdj(100))
                .security(ContainerSecurity.builder()
                        .seccomp(SeccompProfile.runtimeDefault())
                        .build())
                .build());
        String json = spec.toJson();
        assertThat(json)
                .startsWith(
                        "{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0")
                .contains("\"root\":{\"path\":\"rootfs\"}")
                .contains("\"capabilities\":{\"bounding\":[")
                .contains("\"noNewPrivileges\":false")
                .contains("\"oomScoreAdj\":100")
                .contains(
                        "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"]}")
                .contains("\"namespaces\":[{\"type\":\"pid\"")
                .contains(
                        "\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],\"memory\":{\"limit\":1048576},\"cpu\":{\"shares\":256}}")
                .contains("\"cgroupsPath\":\"/kubepods/pod-uid-123/ctr-1\"")
                .contains("\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"")
                .contains("{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38}")
                .contains("\"args\":[{\"index\":0,\"value\":2114060288,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}]")
                .contains("\"maskedPaths\":[\"/proc/acpi\"")
                .contains("\"readonlyPaths\":[\"/proc/bus\"")
                .contains("\"annotations\":{\"io.kubernetes.cri.container-name\":\"app\"")
                .doesNotContain("uidMappings")
                .doesNotContain("\"hostname\"")
                .doesNotContain("null");
        // the whole document is one well-formed JSON value
        assertThat(new RawJson(json).text()).isEqualTo(json);
    }
}
