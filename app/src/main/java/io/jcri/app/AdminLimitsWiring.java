package io.jcri.app;

import io.jcri.adapters.rest.AdminLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The admin API's bounds ({@code jcri.admin.events-*}, {@code jcri.admin.logs-max-bytes}). */
@Configuration(proxyBeanMethods = false)
class AdminLimitsWiring {

    @Bean
    AdminLimits adminLimits(JcriConfiguration.ValidatedSettings settings) {
        JcriProperties.Admin a = settings.properties().getAdmin();
        validate(a);
        return new AdminLimits(
                a.getEventsMaxSubscribers(),
                a.getEventsTimeout(),
                a.getLogsMaxBytes().toBytes());
    }

    /** Also checked before start-up, by {@link JcriConfigCheck}. */
    static void validate(AdminLimitsProperties a) {
        if (a.getEventsMaxSubscribers() < 1 || a.getEventsMaxSubscribers() > 10_000) {
            throw new InvalidConfigurationException(
                    "jcri.admin.events-max-subscribers", "must be 1 to 10000, got " + a.getEventsMaxSubscribers());
        }
        if (a.getEventsTimeout() == null
                || a.getEventsTimeout().isNegative()
                || a.getEventsTimeout().isZero()) {
            throw new InvalidConfigurationException(
                    "jcri.admin.events-timeout", "must be positive, got " + a.getEventsTimeout());
        }
        DataSize max = a.getLogsMaxBytes();
        if (max == null || max.toBytes() < 64 * 1024 || max.toBytes() > (1L << 30)) {
            throw new InvalidConfigurationException("jcri.admin.logs-max-bytes", "must be 64KB to 1GB, got " + max);
        }
    }
}
