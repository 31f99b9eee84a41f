package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

class LazyOpenApiWiringTest {

    @Test
    void makesSpringdocsBeansLazyAndLeavesTheOthersEager() {
        DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
        RootBeanDefinition springdoc = new RootBeanDefinition();
        springdoc.setBeanClassName("org.springdoc.core.service.OpenAPIService");
        factory.registerBeanDefinition("openApi", springdoc);
        factory.registerBeanDefinition("jcri", new RootBeanDefinition(StartupFailure.class));

        LazyOpenApiWiring.lazyOpenApi().postProcessBeanFactory(factory);

        assertThat(factory.getBeanDefinition("openApi").isLazyInit()).isTrue();
        assertThat(factory.getBeanDefinition("jcri").isLazyInit()).isFalse();
    }
}
