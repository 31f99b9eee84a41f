package io.jcri.domain.oci;

import static io.jcri.domain.oci.Fixtures.build;
import static io.jcri.domain.oci.Fixtures.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.HugepageLimit;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecResourcesTest {
    static final LinuxResources FULL = LinuxResources.NONE
            .withCpu(512, 50_000, 100_000)
            .withCpuset("0-1", "0")
            .withMemory(128L << 20, 256L << 20)
            .withHugepageLimits(List.of(new HugepageLimit("2MB", 4L << 21)));

    @Test
    void mapsCpuMemoryAndHugepages() {
        OciSpec.Resources r = build(container().resources(FULL).build()).linux().resources();
        assertThat(r.cpu()).isEqualTo(new OciSpec.Cpu(512L, 50_000L, 100_000L, "0-1", "0"));
        assertThat(r.memory()).isEqualTo(new OciSpec.Memory(128L << 20, 256L << 20));
        assertThat(r.hugepageLimits()).containsExactly(new OciSpec.HugepageLimit("2MB", 4L << 21));
    }

    @Test
    void unsetValuesAreLeftOut() {
        OciSpec.Resources r = build(container().build()).linux().resources();
        assertThat(r.cpu()).isNull();
        assertThat(r.memory()).isNull();
        assertThat(r.hugepageLimits()).isEmpty();
        assertThat(r.unified()).isEmpty();
    }

    @Test
    void hugepagesAreSkippedWithoutHugetlb() {
        OciSpec spec =
                build(container().resources(FULL).build(), HostFacts.typical().withHugetlb(false));
        assertThat(spec.linux().resources().hugepageLimits()).isEmpty();
        assertThat(spec.linux().resources().cpu()).isNotNull();
    }

    @Test
    void unifiedNeedsCgroupV2() {
        LinuxResources unified = LinuxResources.NONE.withUnified(Map.of("memory.high", "100000000"));
        assertThatThrownBy(() -> build(container().resources(unified).build()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("memory.high")
                .hasMessageContaining("cgroup v1");
        assertThat(build(
                                container().resources(unified).build(),
                                HostFacts.typical().withCgroupV2(true))
                        .linux()
                        .resources()
                        .unified())
                .containsEntry("memory.high", "100000000");
    }
}
