package io.jcri.domain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeStatusReportTest {

    @Test
    void findsConditionsByType() {
        RuntimeStatusReport report = new RuntimeStatusReport(
                List.of(
                        RuntimeCondition.met(RuntimeCondition.RUNTIME_READY),
                        RuntimeCondition.unmet(
                                RuntimeCondition.NETWORK_READY,
                                RuntimeCondition.NETWORK_PLUGIN_NOT_READY,
                                "no config")),
                Map.of());
        assertThat(report.condition(RuntimeCondition.RUNTIME_READY).status()).isTrue();
        assertThat(report.condition(RuntimeCondition.NETWORK_READY).reason()).isEqualTo("NetworkPluginNotReady");
        assertThatThrownBy(() -> report.condition("Other")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHandlerWithoutKnownFeaturesHasNone() {
        RuntimeStatusReport report = new RuntimeStatusReport(
                List.of(), Map.of(), List.of("runc", "kata"), Map.of("runc", new HandlerFeatures(true)));
        assertThat(report.features("runc").recursiveReadOnlyMounts()).isTrue();
        assertThat(report.features("kata")).isEqualTo(HandlerFeatures.NONE);
        assertThat(new RuntimeStatusReport(List.of(), Map.of(), List.of("runc")).features("runc"))
                .isEqualTo(HandlerFeatures.NONE);
    }

    @Test
    void versionSpeaksCriV1AsJcri() {
        RuntimeVersion v = RuntimeVersion.of("1.2.3");
        assertThat(v.runtimeName()).isEqualTo("jcri");
        assertThat(v.runtimeApiVersion()).isEqualTo("v1");
        assertThat(v.runtimeVersion()).isEqualTo("1.2.3");
    }
}
