package io.jcri.app;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The admin API's server (Reactor Netty): an event loop sized for a node agent's admin port, one
 * thread by default rather than Reactor Netty's four or more, since the controllers' blocking calls
 * run on a pool of their own and the event loop only moves bytes. {@code
 * -Dreactor.netty.ioWorkerCount=N} sets more. Its threads are named {@code jcri-admin-io-*} and
 * end with the context.
 */
@Configuration(proxyBeanMethods = false)
class AdminServerWiring {
    static final String IO_WORKERS = "reactor.netty.ioWorkerCount";

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        int workers = ioWorkers();
        factory.setLoopResourcesSupplier(() -> LoopResources.create("jcri-admin-io", workers, true));
        return factory;
    }

    /** {@code reactor.netty.ioWorkerCount} when set (at least 1), else 1. */
    static int ioWorkers() {
        return Math.max(1, Integer.getInteger(IO_WORKERS, 1));
    }
}
