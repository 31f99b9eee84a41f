package io.jcri.app;

import io.jcri.domain.network.NetworkStatus;
import io.jcri.ports.out.PodNetwork;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code cni}: UP naming the network in use, DOWN saying why there is none. */
@Component("cniHealthIndicator")
class CniHealthIndicator implements HealthIndicator {
    private final PodNetwork network;

    CniHealthIndicator(PodNetwork network) {
        this.network = network;
    }

    @Override
    public Health health() {
        NetworkStatus status = network.networkStatus();
        if (status instanceof NetworkStatus.Ready ready) {
            return Health.up()
                    .withDetail("network", ready.config().name())
                    .withDetail("cniVersion", ready.config().cniVersion())
                    .withDetail("file", ready.config().source().toString())
                    .withDetail("plugins", ready.config().pluginTypes())
                    .build();
        }
        return Health.down()
                .withDetail("reason", ((NetworkStatus.NotReady) status).message())
                .build();
    }
}
