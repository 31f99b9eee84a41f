package io.jcri.domain.oci;

import static io.jcri.domain.oci.Fixtures.pod;
import static io.jcri.domain.oci.Fixtures.sandboxPlacement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ImageProcessDefaults;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.security.SeccompProfile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxSpecTest {

    static OciSpec build(SandboxConfig config) {
        return new OciSpecBuilder(HostFacts.typical()).sandbox(config, sandboxPlacement());
    }

    static SandboxConfig withSecurity(SandboxSecurity security) {
        return pod().toBuilder().security(security).build();
    }

    static SandboxConfig withNamespaces(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc) {
        return withSecurity(SandboxSecurity.defaults().withNamespaces(new NamespaceOptions(network, pid, ipc, "")));
    }

    @Test
    void runsThePauseImageWithItsOwnHostnameAndAnnotations() {
        OciSpec spec = build(pod());
        assertThat(spec.process().args()).containsExactly("/pause");
        assertThat(spec.hostname()).isEqualTo("web-0");
        assertThat(spec.linux().cgroupsPath()).isEqualTo("/kubepods/pod-uid-123/sb-1");
        assertThat(spec.annotations())
                .containsEntry("io.kubernetes.cri.container-type", "sandbox")
                .containsEntry("io.kubernetes.cri.sandbox-id", "sb-1")
                .containsEntry("io.kubernetes.cri.sandbox-name", "web-0")
                .containsEntry("io.kubernetes.cri.sandbox-namespace", "prod")
                .containsEntry("io.kubernetes.cri.sandbox-uid", "uid-123")
                .containsEntry("io.kubernetes.cri.sandbox-log-directory", "/var/log/pods/prod_web-0_uid-123");
    }

    @ParameterizedTest(name = "network {0} pid {1} ipc {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POD  | POD       | POD  | ipc=new, mount=new, network=/run/netns/cni-1, pid=new, uts=new",
                "POD  | CONTAINER | POD  | ipc=new, mount=new, network=/run/netns/cni-1, pid=new, uts=new",
                "NODE | CONTAINER | POD  | ipc=new, mount=new, pid=new",
                "POD  | NODE      | POD  | ipc=new, mount=new, network=/run/netns/cni-1, uts=new",
                "POD  | CONTAINER | NODE | mount=new, network=/run/netns/cni-1, pid=new, uts=new",
            })
    void namespacesByMode(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc, String expected) {
        OciSpec spec = build(withNamespaces(network, pid, ipc));
        Map<String, String> ns = spec.linux().namespaces().stream()
                .collect(Collectors.toMap(
                        OciSpec.Namespace::type, n -> n.path() == null ? "new" : n.path(), (a, b) -> a, TreeMap::new));
        assertThat(ns.toString()).isEqualTo("{" + expected + "}");
    }

    @Test
    void hostNetworkHasNoHostname() {
        assertThat(build(withNamespaces(NamespaceMode.NODE, NamespaceMode.CONTAINER, NamespaceMode.POD))
                        .hostname())
                .isEmpty();
    }

    @Test
    void targetPidModeIsRefusedForASandbox() {
        assertThatThrownBy(() -> build(withNamespaces(NamespaceMode.POD, NamespaceMode.TARGET, NamespaceMode.POD)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("TARGET");
    }

    @Test
    void withoutANetnsFileThePodGetsANewNetworkNamespace() {
        OciSpec spec =
                new OciSpecBuilder(HostFacts.typical()).sandbox(pod(), SandboxPlacement.of("sb", Fixtures.PAUSE, null));
        assertThat(spec.linux().namespace("network")).isEqualTo(new OciSpec.Namespace("network", null));
    }

    @Test
    void shmIsThePodsBindTheHostsWithHostIpcOrA64MiBTmpfs() {
        assertThat(build(pod()).mount("/dev/shm").source()).isEqualTo("/var/lib/jcri/sandboxes/sb-1/shm");
        assertThat(build(withNamespaces(NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.NODE))
                        .mount("/dev/shm")
                        .source())
                .isEqualTo("/dev/shm");
        OciSpec own =
                new OciSpecBuilder(HostFacts.typical()).sandbox(pod(), SandboxPlacement.of("sb", Fixtures.PAUSE, null));
        assertThat(own.mount("/dev/shm").options()).contains("size=65536k");
        assertThat(own.mount("/dev/shm").type()).isEqualTo("tmpfs");
    }

    @Test
    void podFilesAreMountedReadOnly() {
        OciSpec spec = build(pod());
        for (String file : List.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf")) {
            assertThat(spec.mount(file).options()).as(file).contains("ro", "rbind");
        }
    }

    @ParameterizedTest(name = "current {0} -> {1}")
    @CsvSource({"0, 0", "-999, -998", "-1000, -998", "-500, -500"})
    void oomScoreIsMinus998ClampedToTheCurrentValue(int current, int expected) {
        OciSpec spec = new OciSpecBuilder(HostFacts.typical().withCurrentOomScoreAdj(current))
                .sandbox(pod(), sandboxPlacement());
        assertThat(spec.process().oomScoreAdj()).isEqualTo(expected);
    }

    @Test
    void securityContextSetsUserRootfsSeccompAndNoNewPrivileges() {
        OciSpec spec = build(withSecurity(SandboxSecurity.defaults()
                .withRunAs(65535L, 65535L)
                .withReadonlyRootfs(true)
                .withSeccomp(SeccompProfile.runtimeDefault())));
        assertThat(spec.process().user()).isEqualTo(new OciSpec.User(65535, 65535, List.of(65535L)));
        assertThat(spec.root().readonly()).isTrue();
        assertThat(spec.linux().seccomp()).isInstanceOf(OciSeccomp.Filter.class);
        assertThat(spec.process().noNewPrivileges()).isTrue();
        assertThat(spec.linux().maskedPaths()).isEqualTo(LinuxDefaults.MASKED_PATHS);
    }

    @Test
    void thePauseImagesUserIsUsedWhenNoneIsAsked() {
        OciSpec spec = new OciSpecBuilder(HostFacts.typical())
                .sandbox(
                        pod(),
                        SandboxPlacement.of(
                                "sb",
                                ImageProcessDefaults.of(List.of("/pause"), List.of())
                                        .withUser("65535:65535"),
                                null));
        assertThat(spec.process().user().uid()).isEqualTo(65535);
        assertThat(spec.process().user().gid()).isEqualTo(65535);
    }

    @Test
    void privilegedSandboxIsUnmaskedAndUnfiltered() {
        OciSpec spec = build(withSecurity(
                SandboxSecurity.defaults().withPrivileged(true).withSeccomp(SeccompProfile.runtimeDefault())));
        assertThat(spec.linux().maskedPaths()).isEmpty();
        assertThat(spec.linux().seccomp()).isNull();
        assertThat(spec.process().noNewPrivileges()).isFalse();
        assertThat(spec.linux().resources().devices()).containsExactly(Resources.ALLOW_ALL);
    }

    @Test
    void namespacedSysctlsAreSetAndOthersRefused() {
        Map<String, String> sysctls = Map.of("net.ipv4.ip_forward", "1", "kernel.shm_rmid_forced", "1");
        assertThat(build(pod().toBuilder().sysctls(sysctls).build()).linux().sysctl())
                .isEqualTo(sysctls);
        assertThatThrownBy(() -> build(
                        pod().toBuilder().sysctls(Map.of("vm.swappiness", "1")).build()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("vm.swappiness");
        assertThatThrownBy(() ->
                        build(withNamespaces(NamespaceMode.NODE, NamespaceMode.CONTAINER, NamespaceMode.POD).toBuilder()
                                .sysctls(Map.of("net.ipv4.ip_forward", "1"))
                                .build()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("host's network");
        assertThatThrownBy(() ->
                        build(withNamespaces(NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.NODE).toBuilder()
                                .sysctls(Map.of("kernel.msgmax", "1"))
                                .build()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("host's IPC");
    }

    @Test
    void cpuSharesAreMinimal() {
        assertThat(build(pod()).linux().resources().cpu()).isEqualTo(new OciSpec.Cpu(2L, null, null, "", ""));
    }
}
