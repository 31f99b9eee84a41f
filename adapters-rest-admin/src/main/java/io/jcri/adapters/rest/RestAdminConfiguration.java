package io.jcri.adapters.rest;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's controllers, problem details and token filter. Needs beans of the inbound ports
 * ({@code SandboxLifecycle}, {@code ContainerLifecycle}, {@code ImageManagement}, {@code
 * RuntimeStatus}, {@code RuntimeEvents}) and an {@link AdminApiSettings}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = RestAdminConfiguration.class)
public class RestAdminConfiguration {

    @Bean
    FilterRegistrationBean<BearerTokenFilter> adminTokenFilter(AdminApiSettings settings) {
        FilterRegistrationBean<BearerTokenFilter> r = new FilterRegistrationBean<>(new BearerTokenFilter(settings));
        // deny by default: every path (the API, its docs in every format, actuator, the dashboard,
        // paths nothing maps) needs the token; only the two probes stay open (BearerTokenFilter)
        r.addUrlPatterns("/*");
        return r;
    }
}
