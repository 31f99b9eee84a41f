package io.jcri.domain.oci;

import static io.jcri.domain.oci.Fixtures.build;
import static io.jcri.domain.oci.Fixtures.container;
import static io.jcri.domain.oci.Fixtures.placement;
import static io.jcri.domain.oci.Fixtures.pod;
import static io.jcri.domain.oci.Fixtures.withSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.Capabilities;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.RawJson;
import io.jcri.domain.security.AppArmorProfile;
import io.jcri.domain.security.CapabilitySet;
import io.jcri.domain.security.SeccompProfile;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerSpecSecurityTest {

    static OciSpec privileged(HostFacts host) {
        return new OciSpecBuilder(host)
                .container(
                        withSecurity(ContainerSecurity.builder()
                                .privileged(true)
                                .seccomp(SeccompProfile.runtimeDefault())
                                .apparmor(AppArmorProfile.runtimeDefault())),
                        placement(),
                        pod().toBuilder()
                                .security(SandboxSecurity.defaults().withPrivileged(true))
                                .build());
    }

    @Test
    void unprivilegedContainersGetTheDefaultCapabilitiesInEverySetButAmbient() {
        OciSpec.ProcessCapabilities caps = build(container().build()).process().capabilities();
        assertThat(caps.bounding()).containsExactlyInAnyOrderElementsOf(CapabilitySet.DEFAULT);
        assertThat(caps.effective()).isEqualTo(caps.bounding());
        assertThat(caps.permitted()).isEqualTo(caps.bounding());
        assertThat(caps.inheritable()).isEmpty();
        assertThat(caps.ambient()).isEmpty();
    }

    static Stream<Arguments> capabilityTable() {
        return Stream.of(
                Arguments.of(List.of("NET_ADMIN"), List.of(), Set.of("CAP_NET_ADMIN", "CAP_CHOWN"), Set.of()),
                Arguments.of(
                        List.of(), List.of("CAP_CHOWN", "kill"), Set.of("CAP_SETUID"), Set.of("CAP_CHOWN", "CAP_KILL")),
                Arguments.of(
                        List.of("NET_RAW"), List.of("ALL"), Set.of("CAP_NET_RAW"), Set.of("CAP_CHOWN", "CAP_SETUID")),
                Arguments.of(
                        List.of("ALL"),
                        List.of("SYS_ADMIN"),
                        Set.of("CAP_SYS_PTRACE", "CAP_CHOWN"),
                        Set.of("CAP_SYS_ADMIN")),
                Arguments.of(List.of("ALL"), List.of(), Set.copyOf(CapabilitySet.KNOWN), Set.of()));
    }

    @ParameterizedTest(name = "add {0} drop {1}")
    @MethodSource("capabilityTable")
    void addsAndDropsOverTheDefaults(List<String> add, List<String> drop, Set<String> present, Set<String> absent) {
        List<String> bounding = build(
                        withSecurity(ContainerSecurity.builder().capabilities(Capabilities.of(add, drop))))
                .process()
                .capabilities()
                .bounding();
        assertThat(bounding).containsAll(present);
        assertThat(bounding).filteredOn(absent::contains).isEmpty();
    }

    @Test
    void capabilitiesTheRuntimeLacksAreLeftOut() {
        HostFacts host = HostFacts.typical().withAvailableCapabilities(CapabilitySet.fromMask(0x1fffeffffffL));
        OciSpec spec = build(
                withSecurity(ContainerSecurity.builder().capabilities(Capabilities.of(List.of("ALL"), List.of()))),
                host);
        assertThat(spec.process().capabilities().bounding()).hasSize(40).doesNotContain("CAP_SYS_RESOURCE");
    }

    @Test
    void ambientCapabilitiesAreRaisedInEverySet() {
        OciSpec spec = build(withSecurity(ContainerSecurity.builder()
                .capabilities(new Capabilities(List.of(), List.of(), List.of("net_bind_service", "NET_ADMIN")))));
        OciSpec.ProcessCapabilities caps = spec.process().capabilities();
        assertThat(caps.ambient()).containsExactly("CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN");
        assertThat(caps.inheritable()).isEqualTo(caps.ambient());
        assertThat(caps.bounding()).contains("CAP_NET_ADMIN");
    }

    @Test
    void unknownCapabilityIsAnInvalidArgument() {
        assertThatThrownBy(() -> build(withSecurity(
                        ContainerSecurity.builder().capabilities(Capabilities.of(List.of("TELEPORT"), List.of())))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("TELEPORT");
    }

    @Test
    void privilegedGetsEveryAvailableCapabilityNoMaskingEveryDeviceAndNoFilters() {
        HostFacts host = HostFacts.typical()
                .withAvailableCapabilities(CapabilitySet.fromMask(0x1fffeffffffL))
                .withAppArmor(true, "jcri-default");
        OciSpec spec = privileged(host);
        assertThat(spec.process().capabilities().bounding()).hasSize(40);
        assertThat(spec.linux().maskedPaths()).isEmpty();
        assertThat(spec.linux().readonlyPaths()).isEmpty();
        assertThat(spec.linux().resources().devices()).containsExactly(Resources.ALLOW_ALL);
        assertThat(spec.linux().seccomp()).isNull();
        assertThat(spec.process().apparmorProfile()).isNull();
        assertThat(spec.mount("/sys").options()).contains("rw").doesNotContain("ro");
        assertThat(spec.mount("/sys/fs/cgroup").options()).contains("rw").doesNotContain("ro");
    }

    @Test
    void unprivilegedSysfsAndCgroupfsAreReadOnly() {
        OciSpec spec = build(container().build());
        assertThat(spec.mount("/sys").options()).contains("ro");
        assertThat(spec.mount("/sys/fs/cgroup").options()).contains("ro");
        assertThat(spec.linux().resources().devices()).containsExactly(Resources.DENY_ALL);
    }

    @Test
    void aPrivilegedContainerNeedsAPrivilegedSandbox() {
        assertThatThrownBy(() -> build(withSecurity(ContainerSecurity.builder().privileged(true))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"app\"")
                .hasMessageContaining("\"web-0\"");
    }

    static Stream<Arguments> pathTable() {
        return Stream.of(
                Arguments.of(null, LinuxDefaults.MASKED_PATHS),
                Arguments.of(List.of(), List.of()),
                Arguments.of(List.of("/proc/custom"), List.of("/proc/custom")));
    }

    @ParameterizedTest(name = "masked {0}")
    @MethodSource("pathTable")
    void maskedPathsDefaultWhenNotGivenAndAreExactlyTheGivenOtherwise(List<String> given, List<String> expected) {
        OciSpec spec = build(withSecurity(ContainerSecurity.builder().maskedPaths(given)));
        assertThat(spec.linux().maskedPaths()).containsExactlyElementsOf(expected);
        assertThat(spec.linux().maskedPaths()).isNotNull();
    }

    @Test
    void readonlyPathsFollowTheSameRule() {
        assertThat(build(container().build()).linux().readonlyPaths())
                .containsExactlyElementsOf(LinuxDefaults.READONLY_PATHS);
        assertThat(build(withSecurity(ContainerSecurity.builder().readonlyPaths(List.of())))
                        .linux()
                        .readonlyPaths())
                .isEmpty();
        assertThat(LinuxDefaults.MASKED_PATHS).contains("/proc/kcore", "/sys/firmware");
        assertThat(LinuxDefaults.READONLY_PATHS).contains("/proc/sys", "/proc/sysrq-trigger");
    }

    @Test
    void seccompUnconfinedHasNoFilter() {
        assertThat(build(container().build()).linux().seccomp()).isNull();
    }

    @Test
    void seccompRuntimeDefaultDeniesWithErrnoAndAllowsTheList() {
        OciSpec spec = build(withSecurity(ContainerSecurity.builder().seccomp(SeccompProfile.runtimeDefault())));
        OciSeccomp.Filter filter = (OciSeccomp.Filter) spec.linux().seccomp();
        assertThat(filter.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(filter.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        assertThat(filter.has("read", "SCMP_ACT_ALLOW")).isTrue();
        assertThat(filter.has("arch_prctl", "SCMP_ACT_ALLOW")).isTrue();
        assertThat(filter.has("mount", "SCMP_ACT_ALLOW")).isFalse();
        assertThat(filter.has("ptrace", "SCMP_ACT_ALLOW")).isFalse();
        assertThat(filter.has("clone3", "SCMP_ACT_ERRNO")).isTrue();
        OciSeccomp.Syscall clone = filter.syscalls().stream()
                .filter(s -> s.names().equals(List.of("clone")))
                .findFirst()
                .orElseThrow();
        assertThat(clone.args()).singleElement().satisfies(a -> {
            assertThat(a.op()).isEqualTo("SCMP_CMP_MASKED_EQ");
            assertThat(a.value()).isEqualTo(0x7E020000L);
            assertThat(a.valueTwo()).isZero();
        });
    }

    @Test
    void seccompRuntimeDefaultFollowsAddedCapabilities() {
        OciSpec spec = build(withSecurity(ContainerSecurity.builder()
                .seccomp(SeccompProfile.runtimeDefault())
                .capabilities(Capabilities.of(List.of("SYS_ADMIN", "SYS_PTRACE"), List.of()))));
        OciSeccomp.Filter filter = (OciSeccomp.Filter) spec.linux().seccomp();
        assertThat(filter.has("mount", "SCMP_ACT_ALLOW")).isTrue();
        assertThat(filter.has("ptrace", "SCMP_ACT_ALLOW")).isTrue();
        assertThat(filter.has("clone3", "SCMP_ACT_ALLOW")).isTrue();
        assertThat(filter.has("clone3", "SCMP_ACT_ERRNO")).isFalse();
    }

    @Test
    void seccompLocalhostEmbedsTheFileAsItIs() {
        String json = "{\"defaultAction\":\"SCMP_ACT_LOG\"}";
        OciSpec spec = build(withSecurity(ContainerSecurity.builder()
                .seccomp(SeccompProfile.localhost("/var/lib/kubelet/seccomp/log.json", json))));
        assertThat(spec.linux().seccomp()).isEqualTo(new OciSeccomp.Raw(new RawJson(json)));
        assertThat(spec.toJson()).contains("\"seccomp\":" + json);
    }

    @Test
    void seccompLocalhostThatIsNotJsonIsAnInvalidArgumentNamingTheFile() {
        assertThatThrownBy(() -> build(withSecurity(
                        ContainerSecurity.builder().seccomp(SeccompProfile.localhost("/profiles/bad.json", "{oops")))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("/profiles/bad.json");
        assertThatThrownBy(() -> build(withSecurity(
                        ContainerSecurity.builder().seccomp(SeccompProfile.localhost("/profiles/list.json", "[]")))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("/profiles/list.json");
    }

    @Test
    void appArmorIsSkippedWithoutKernelSupport() {
        ContainerSecurity.Builder sec =
                ContainerSecurity.builder().apparmor(AppArmorProfile.localhost("localhost/my-profile"));
        assertThat(build(container().security(sec.build()).build()).process().apparmorProfile())
                .isNull();
        HostFacts withAppArmor = HostFacts.typical().withAppArmor(true, "jcri-default");
        assertThat(build(container().security(sec.build()).build(), withAppArmor)
                        .process()
                        .apparmorProfile())
                .isEqualTo("my-profile");
        assertThat(build(
                                withSecurity(ContainerSecurity.builder().apparmor(AppArmorProfile.runtimeDefault())),
                                withAppArmor)
                        .process()
                        .apparmorProfile())
                .isEqualTo("jcri-default");
    }
}
