package io.jcri.adapters.rest;

import io.jcri.ports.threads.NamedThreads;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * The admin API's controllers, problem details and token filter, on Spring WebFlux. Needs beans of
 * the inbound ports ({@code SandboxLifecycle}, {@code ContainerLifecycle}, {@code
 * ImageManagement}, {@code RuntimeStatus}, {@code RuntimeEvents}) and an {@link AdminApiSettings}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = RestAdminConfiguration.class)
public class RestAdminConfiguration {
    /** Threads for the controllers' blocking calls into the core: a person or a scraper at a time. */
    static final int BLOCKING_THREADS = 4;

    /**
     * Deny by default: every path (the API, its docs in every format, actuator, the dashboard,
     * paths nothing maps) needs the token; only the two probes and the page stay open.
     */
    @Bean
    BearerTokenFilter adminTokenFilter(AdminApiSettings settings) {
        return new BearerTokenFilter(settings);
    }

    /**
     * The controllers call the core, which may wait on containerd or read a log file: they run on
     * a small pool of their own, never on the server's event loop (the SSE stream, reactive,
     * stays on it). Its threads end when idle.
     */
    @Bean
    BlockingCalls adminBlockingCalls() {
        return new BlockingCalls();
    }

    /** The pool of the controllers' blocking calls; shut down with the context. */
    static final class BlockingCalls implements WebFluxConfigurer, AutoCloseable {
        private final ThreadPoolExecutor pool = new ThreadPoolExecutor(
                BLOCKING_THREADS,
                BLOCKING_THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                NamedThreads.daemons("jcri-admin"));

        BlockingCalls() {
            pool.allowCoreThreadTimeOut(true);
        }

        @Override
        public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
            configurer.setExecutor(new TaskExecutorAdapter(pool));
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }
}
