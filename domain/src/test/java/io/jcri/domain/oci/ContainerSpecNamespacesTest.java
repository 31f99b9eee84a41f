package io.jcri.domain.oci;

import static io.jcri.domain.oci.Fixtures.container;
import static io.jcri.domain.oci.Fixtures.placement;
import static io.jcri.domain.oci.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.error.JcriException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerSpecNamespacesTest {

    static Map<String, String> namespaces(NamespaceOptions options, HostFacts host) {
        OciSpec spec = new OciSpecBuilder(host)
                .container(
                        container()
                                .security(ContainerSecurity.builder()
                                        .namespaces(options)
                                        .build())
                                .build(),
                        placement().withTargetPid(777),
                        pod());
        return spec.linux().namespaces().stream()
                .collect(Collectors.toMap(
                        OciSpec.Namespace::type, n -> n.path() == null ? "new" : n.path(), (a, b) -> a, TreeMap::new));
    }

    @ParameterizedTest(name = "network {0} pid {1} ipc {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POD  | POD       | POD  | ipc=/proc/4242/ns/ipc, mount=new, network=/proc/4242/ns/net, pid=/proc/4242/ns/pid, uts=/proc/4242/ns/uts",
                "POD  | CONTAINER | POD  | ipc=/proc/4242/ns/ipc, mount=new, network=/proc/4242/ns/net, pid=new, uts=/proc/4242/ns/uts",
                "POD  | NODE      | POD  | ipc=/proc/4242/ns/ipc, mount=new, network=/proc/4242/ns/net, uts=/proc/4242/ns/uts",
                "POD  | TARGET    | POD  | ipc=/proc/4242/ns/ipc, mount=new, network=/proc/4242/ns/net, pid=/proc/777/ns/pid, uts=/proc/4242/ns/uts",
                "NODE | CONTAINER | POD  | ipc=/proc/4242/ns/ipc, mount=new, pid=new",
                "POD  | CONTAINER | NODE | mount=new, network=/proc/4242/ns/net, pid=new, uts=/proc/4242/ns/uts",
                "NODE | NODE      | NODE | mount=new",
            })
    void joinsThePodsNamespacesByMode(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc, String expected) {
        NamespaceOptions options = new NamespaceOptions(network, pid, ipc, pid == NamespaceMode.TARGET ? "other" : "");
        assertThat(namespaces(options, HostFacts.typical()).toString()).isEqualTo("{" + expected + "}");
    }

    @Test
    void cgroupV2AddsACgroupNamespace() {
        assertThat(namespaces(NamespaceOptions.pod(), HostFacts.typical().withCgroupV2(true)))
                .containsEntry("cgroup", "new");
    }

    @Test
    void aTargetThatIsNotRunningIsRefusedNamingIt() {
        assertThatThrownBy(() -> new OciSpecBuilder(HostFacts.typical())
                        .container(
                                container()
                                        .security(ContainerSecurity.builder()
                                                .namespaces(
                                                        NamespaceOptions.pod().withTarget("ctr-9"))
                                                .build())
                                        .build(),
                                placement(),
                                pod()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"ctr-9\"");
    }

    @Test
    void joiningWithoutAPauseProcessIsAFailedPrecondition() {
        assertThatThrownBy(() -> new OciSpecBuilder(HostFacts.typical())
                        .container(
                                container().build(),
                                ContainerPlacement.of("c", Fixtures.sandboxPlacement(), 0, Fixtures.IMAGE),
                                pod()))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("\"app\"");
    }
}
