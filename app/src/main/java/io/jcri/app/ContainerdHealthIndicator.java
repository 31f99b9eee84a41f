package io.jcri.app;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.runtime.EngineInfo;
import io.jcri.ports.out.ContainerRuntime;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code containerd}: UP with its version while it answers, DOWN with the reason otherwise. */
@Component("containerdHealthIndicator")
class ContainerdHealthIndicator implements HealthIndicator {
    private final ContainerRuntime runtime;

    ContainerdHealthIndicator(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        try {
            EngineInfo info = runtime.engineInfo();
            return Health.up()
                    .withDetail("version", info.version())
                    .withDetail("revision", info.revision())
                    .build();
        } catch (JcriException e) {
            return Health.down().withDetail("reason", e.getMessage()).build();
        }
    }
}
