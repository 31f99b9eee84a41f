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
        r.addUrlPatterns("/api/*", "/v3/api-docs", "/v3/api-docs/*", "/actuator/*");
        return r;
    }
}
