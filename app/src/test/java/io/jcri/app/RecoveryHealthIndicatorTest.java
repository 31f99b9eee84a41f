package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.ports.application.recovery.RecoveryState;
import io.jcri.ports.application.recovery.StartupRecovery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The recovery health component lists what recovery could not recover, with why. */
class RecoveryHealthIndicatorTest {

    @Test
    void upWithTheFailedObjectsAndTheirReasons() {
        RecoveryState state = new RecoveryState();
        StartupRecovery recovery = new StartupRecovery(
                state,
                List.of(StartupRecovery.Step.counting(StartupRecovery.PODS, () -> 2)
                        .failing(() -> Map.of("sandbox abc", "its record is kept: not readable"), () -> {})),
                StartupRecovery.Backoff.DEFAULT);
        assertThat(recovery.attempt()).isTrue();

        Health health = new RecoveryHealthIndicator(state).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("pods", 2)
                .containsEntry("failed", Map.of("sandbox abc", "its record is kept: not readable"));
    }

    @Test
    void noFailedDetailWhenEverythingWasRecovered() {
        RecoveryState state = new RecoveryState();
        new StartupRecovery(
                        state,
                        List.of(StartupRecovery.Step.counting(StartupRecovery.PODS, () -> 1)),
                        StartupRecovery.Backoff.DEFAULT)
                .attempt();
        assertThat(new RecoveryHealthIndicator(state).health().getDetails()).doesNotContainKey("failed");
    }
}
