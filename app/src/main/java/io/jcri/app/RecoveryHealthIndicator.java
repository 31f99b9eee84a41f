package io.jcri.app;

import io.jcri.ports.application.recovery.RecoveryState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code recovery}: OUT_OF_SERVICE with the attempt and the last error while jcri is still finding
 * its pods and containers again after a start, UP with how many it found once it has, and under
 * {@code failed} the objects it could not recover (id and why), which it keeps and retries.
 */
@Component("recoveryHealthIndicator")
class RecoveryHealthIndicator implements HealthIndicator {
    private final RecoveryState state;

    RecoveryHealthIndicator(RecoveryState state) {
        this.state = state;
    }

    @Override
    public Health health() {
        RecoveryState.Phase phase = state.phase();
        if (phase instanceof RecoveryState.Recovering r) {
            return Health.outOfService()
                    .withDetail("attempt", r.attempt())
                    .withDetail("lastError", r.lastError())
                    .withDetail("reason", RecoveryState.describe(r))
                    .build();
        }
        RecoveryState.Recovered done = (RecoveryState.Recovered) phase;
        Health.Builder up = Health.up().withDetails(done.counts()).withDetail("attempts", done.attempts());
        if (!done.failed().isEmpty()) {
            // kept as they were and retried; the node serves the rest
            up.withDetail("failed", done.failed());
        }
        return up.build();
    }
}
