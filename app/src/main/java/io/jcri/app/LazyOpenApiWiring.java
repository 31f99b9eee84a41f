package io.jcri.app;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.MethodMetadata;

/**
 * The OpenAPI description ({@code /v3/api-docs}, springdoc) is built on its first request: its
 * beans are lazy, so start-up does not pay for them (README, "Footprint"). Only springdoc's own
 * beans are made lazy; jcri's stay eager, so a mistake in their wiring still stops start-up.
 */
@Configuration(proxyBeanMethods = false)
class LazyOpenApiWiring {
    static final String SPRINGDOC = "org.springdoc.";

    @Bean
    static BeanFactoryPostProcessor lazyOpenApi() {
        return factory -> {
            for (String name : factory.getBeanDefinitionNames()) {
                BeanDefinition d = factory.getBeanDefinition(name);
                if (fromSpringdoc(d)) {
                    d.setLazyInit(true);
                }
            }
        };
    }

    /** Whether springdoc declares the bean: its class, or the configuration class of its @Bean method. */
    static boolean fromSpringdoc(BeanDefinition d) {
        String type = d.getBeanClassName();
        if (type != null && type.startsWith(SPRINGDOC)) {
            return true;
        }
        MethodMetadata method = d instanceof AnnotatedBeanDefinition a ? a.getFactoryMethodMetadata() : null;
        return method != null && method.getDeclaringClassName().startsWith(SPRINGDOC);
    }
}
