package io.jcri.ports.application.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.network.NetworkStatus;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.runtime.RuntimeCondition;
import io.jcri.domain.runtime.RuntimeStatusReport;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.in.RuntimeStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeStatusServiceTest {
    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final FakePodNetwork network = new FakePodNetwork();
    private final RuntimeStatusService service =
            new RuntimeStatusService(runtime, network, "9.9.9", Map.of("criSocket", "/run/jcri/jcri.sock"));

    @Test
    void versionNamesJcriAndCriV1() {
        var v = service.version(new RuntimeStatus.VersionQuery("v1"));
        assertThat(v.runtimeName()).isEqualTo("jcri");
        assertThat(v.runtimeVersion()).isEqualTo("9.9.9");
        assertThat(v.runtimeApiVersion()).isEqualTo("v1");
    }

    @Test
    void reportsWhatEachHandlerCanDo() {
        RuntimeStatusService withHandlers = new RuntimeStatusService(
                runtime,
                network,
                "9.9.9",
                Map.of(),
                List.of("runc", "kata"),
                false,
                Map.of("runc", new HandlerFeatures(true)));
        RuntimeStatusReport report = withHandlers.status(new RuntimeStatus.StatusQuery(false));
        assertThat(report.handlers()).containsExactly("runc", "kata");
        assertThat(report.features("runc").recursiveReadOnlyMounts()).isTrue();
        assertThat(report.features("kata").recursiveReadOnlyMounts()).isFalse();
    }

    @Test
    void readyWhenEngineAnswersAndNetworkLoaded() {
        RuntimeStatusReport report = service.status(new RuntimeStatus.StatusQuery(false));
        assertThat(report.condition(RuntimeCondition.RUNTIME_READY).status()).isTrue();
        assertThat(report.condition(RuntimeCondition.NETWORK_READY).status()).isTrue();
        assertThat(report.info()).isEmpty();
    }

    @Test
    void runtimeNotReadyWhileEngineDownAndBackAfter() {
        runtime.down("containerd at /x.sock is not answering");
        RuntimeCondition c =
                service.status(new RuntimeStatus.StatusQuery(false)).condition(RuntimeCondition.RUNTIME_READY);
        assertThat(c.status()).isFalse();
        assertThat(c.message()).contains("/x.sock");
        runtime.up();
        assertThat(service.status(new RuntimeStatus.StatusQuery(false))
                        .condition(RuntimeCondition.RUNTIME_READY)
                        .status())
                .isTrue();
    }

    @Test
    void networkNotReadySaysWhatIsMissing() {
        network.status(new NetworkStatus.NotReady("no network config found in /etc/cni/net.d"));
        RuntimeCondition c =
                service.status(new RuntimeStatus.StatusQuery(false)).condition(RuntimeCondition.NETWORK_READY);
        assertThat(c.status()).isFalse();
        assertThat(c.reason()).isEqualTo("NetworkPluginNotReady");
        assertThat(c.message()).contains("no network config found in /etc/cni/net.d");
    }

    @Test
    void verboseCarriesJsonInfo() {
        RuntimeStatusReport report = service.status(new RuntimeStatus.StatusQuery(true));
        assertThat(report.info()).containsKeys("config", "containerd", "cni", "jcri");
        assertThat(report.info().get("containerd")).contains("\"version\":\"1.6.20\"");
        assertThat(report.info().get("config")).contains("/run/jcri/jcri.sock");
        assertThat(report.info().get("cni")).contains("fake-net");
    }

    @Test
    void verboseInfoAddedByAnotherServiceIsAskedAtEachStatus() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        RuntimeStatusService service = new RuntimeStatusService(
                runtime,
                network,
                "9.9.9",
                Map.of(),
                List.of("runc"),
                false,
                Map.of(),
                Map.of("checkpoint", () -> Map.of("criuUsable", asked.incrementAndGet() > 5)));
        assertThat(service.status(new RuntimeStatus.StatusQuery(false)).info()).doesNotContainKey("checkpoint");
        assertThat(asked).hasValue(0);
        assertThat(service.status(new RuntimeStatus.StatusQuery(true)).info())
                .containsEntry("checkpoint", "{\"criuUsable\":false}");
        assertThat(asked).hasValue(1);
    }
}
