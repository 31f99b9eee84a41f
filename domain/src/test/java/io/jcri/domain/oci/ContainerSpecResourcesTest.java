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
    void cpuSharesAboveRuncsMaximumAreRefusedNamingTheField() {
        for (long shares : List.of(262_145L, 535_645_640_493L, Long.MAX_VALUE)) {
            LinuxResources r = LinuxResources.NONE.withCpu(shares, 0, 0);
            assertThatThrownBy(() -> build(container().resources(r).build()))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("cpu_shares " + shares)
                    .hasMessageContaining("262144");
        }
        LinuxResources edge = LinuxResources.NONE.withCpu(262_144, 0, 0);
        assertThat(build(container().resources(edge).build())
                        .linux()
                        .resources()
                        .cpu())
                .isEqualTo(new OciSpec.Cpu(262_144L, null, null, "", ""));
    }

    @Test
    void cfsPeriodAndQuotaOutsideTheKernelsRangeAreRefusedNamingTheField() {
        for (long period : List.of(999L, 1_000_001L, Long.MAX_VALUE)) {
            LinuxResources r = LinuxResources.NONE.withCpu(0, 0, period);
            assertThatThrownBy(() -> build(container().resources(r).build()))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("cpu_period " + period)
                    .hasMessageContaining("1000..1000000");
        }
        for (long quota : List.of(1L, 999L, 1L << 44, Long.MAX_VALUE)) {
            LinuxResources r = LinuxResources.NONE.withCpu(0, quota, 100_000);
            assertThatThrownBy(() -> build(container().resources(r).build()))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("cpu_quota " + quota);
        }
        LinuxResources edges = LinuxResources.NONE.withCpu(0, (1L << 44) - 1, 1_000_000);
        assertThat(build(container().resources(edges).build())
                        .linux()
                        .resources()
                        .cpu())
                .isEqualTo(new OciSpec.Cpu(null, (1L << 44) - 1, 1_000_000L, "", ""));
        LinuxResources low = LinuxResources.NONE.withCpu(0, 1_000, 1_000);
        assertThat(build(container().resources(low).build())
                        .linux()
                        .resources()
                        .cpu()
                        .period())
                .isEqualTo(1_000L);
    }

    @Test
    void cpusetListsTheKernelCannotParseAreRefusedNamingTheField() {
        for (String bad : List.of("gcgqbna.48l", "0-", ",1", "1,,2", " 0", "0-3:2")) {
            LinuxResources mems = LinuxResources.NONE.withCpuset("", bad);
            assertThatThrownBy(() -> build(container().resources(mems).build()))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("cpuset_mems \"" + bad + "\"");
            LinuxResources cpus = LinuxResources.NONE.withCpuset(bad, "");
            assertThatThrownBy(() -> build(container().resources(cpus).build()))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("cpuset_cpus \"" + bad + "\"");
        }
        LinuxResources ok = LinuxResources.NONE.withCpuset("0-3,8,10-15:2/4", "0");
        assertThat(build(container().resources(ok).build())
                        .linux()
                        .resources()
                        .cpu()
                        .cpus())
                .isEqualTo("0-3,8,10-15:2/4");
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
