package io.jcri.app;

import io.jcri.adapters.rest.AdminLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admin API's bounds ({@code jcri.admin.events-*}, {@code jcri.admin.logs-max-bytes}). */
@Configuration(proxyBeanMethods = false)
class AdminLimitsWiring {

    @Bean
    AdminLimits adminLimits(JcriConfiguration.ValidatedSettings settings) {
        AdminProperties a = settings.properties().admin();
        return new AdminLimits(
                a.eventsMaxSubscribers(), a.eventsTimeout(), a.logsMaxBytes().toBytes());
    }
}
