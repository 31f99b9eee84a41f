package io.jcri.app;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code criSocket}: UP while jcri holds its socket's lock and the socket exists. */
@Component("criSocketHealthIndicator")
class CriSocketHealthIndicator implements HealthIndicator {
    private final CriSocketGuard guard;

    CriSocketHealthIndicator(CriSocketGuard guard) {
        this.guard = guard;
    }

    @Override
    public Health health() {
        Health.Builder b = guard.serving() ? Health.up() : Health.down().withDetail("reason", "socket not bound");
        return b.withDetail("socket", guard.socket().toString()).build();
    }
}
