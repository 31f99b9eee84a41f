package io.jcri.app;

import io.jcri.adapters.cni.CniPodNetwork;
import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.out.ImageRegistry;
import io.jcri.ports.threads.NamedThreads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The slow parts of start-up that need only the configuration, begun together on threads of their
 * own as soon as the configuration is known and checked ({@link Starter}: before Spring parses its
 * configuration classes), and taken by the beans that need them: the CRI socket's lock, then
 * containerd (the managed one adopted or started) and a client of it with its version; each
 * runtime handler's features ({@code runc features}); the node's facts; the CNI configuration;
 * the registry client with jcri's built-in pause image.
 * Each says its start-up line when it is done. A failure is kept and thrown by the bean that takes
 * the result, so it stops start-up with the same message as when the beans did the work; what no
 * bean took is closed with the context.
 */
final class StartupProbes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StartupProbes.class);

    private final CompletableFuture<CriSocketGuard> guard = new CompletableFuture<>();
    private final CompletableFuture<JcriConfiguration.ContainerdEndpoint> endpoint = new CompletableFuture<>();
    private final CompletableFuture<ContainerdClient> client = new CompletableFuture<>();
    private final CompletableFuture<Map<String, HandlerFeatures>> features;
    private final CompletableFuture<HostFacts> hostFacts;
    private final CompletableFuture<CniPodNetwork> podNetwork;
    private final CompletableFuture<ImageRegistry> imageRegistry;
    private final Set<CompletableFuture<?>> taken = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private StartupProbes(JcriProperties p) {
        // the lock comes first: a second jcri on the same socket must stop before it touches the
        // containerd the first one manages
        NamedThreads.daemon("jcri-start-containerd", () -> {
                    CriSocketGuard g = run(guard, () -> {
                        CriSocketGuard lock = new CriSocketGuard(p.cri().socket());
                        lock.acquire();
                        return lock;
                    });
                    JcriConfiguration.ContainerdEndpoint e =
                            g == null ? null : run(endpoint, () -> JcriConfiguration.containerdEndpoint(p));
                    if (e != null) {
                        run(client, () -> JcriConfiguration.containerdClient(p, e));
                    }
                    fail(endpoint, guard);
                    fail(client, endpoint);
                })
                .start();
        features = on("jcri-start-runtimes", () -> {
            Map<String, HandlerFeatures> byName = new LinkedHashMap<>();
            runtimes(p.runtime()).forEach((name, rt) -> byName.put(name, ContainerdAdapters.handlerFeatures(name, rt)));
            return byName;
        });
        hostFacts = on("jcri-start-node", () -> SandboxWiring.hostFacts(p.runtime()));
        podNetwork = on(
                "jcri-start-cni",
                () -> CniPodNetwork.start(p.cni().confDir(), p.cni().binDirs(), p.stateDir(), p.rootDir()));
        // the registry client, and jcri's own pause image built in memory
        imageRegistry = on(
                "jcri-start-registry",
                () -> ContainerdAdapters.imageRegistry(
                        p.registry().configPath(), p.image().pullProgressTimeout()));
    }

    /** Says the configuration (the first start-up line), then begins the probes. */
    static StartupProbes start(JcriProperties p, ConfigurableEnvironment environment) {
        StartupLog.configuration(environment);
        return new StartupProbes(p);
    }

    /** Each configured runtime handler's OCI runtime, by name. */
    static Map<String, OciRuntime> runtimes(JcriProperties.Runtime rt) {
        Map<String, OciRuntime> byName = new LinkedHashMap<>();
        rt.handlers()
                .forEach((name, h) -> byName.put(
                        name,
                        new OciRuntime(
                                h.type(),
                                h.options().binaryName(),
                                h.options().root(),
                                h.options().systemdCgroup())));
        return byName;
    }

    CriSocketGuard guard() {
        return take(guard);
    }

    JcriConfiguration.ContainerdEndpoint containerdEndpoint() {
        return take(endpoint);
    }

    ContainerdClient containerdClient() {
        return take(client);
    }

    Map<String, HandlerFeatures> handlerFeatures() {
        return take(features);
    }

    HostFacts hostFacts() {
        return take(hostFacts);
    }

    CniPodNetwork podNetwork() {
        return take(podNetwork);
    }

    ImageRegistry imageRegistry() {
        return take(imageRegistry);
    }

    /**
     * Waits for the probes still under way and closes what no bean took (a client, a managed
     * containerd, the socket's lock, the CNI watch), as the beans would have been closed.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeUntaken(client, ContainerdClient::close);
        closeUntaken(endpoint, JcriConfiguration.ContainerdEndpoint::close);
        closeUntaken(guard, CriSocketGuard::close);
        closeUntaken(podNetwork, CniPodNetwork::close);
        closeUntaken(features, f -> {});
        closeUntaken(hostFacts, f -> {});
        closeUntaken(imageRegistry, r -> {});
    }

    private <T> T take(CompletableFuture<T> f) {
        if (closed.get()) {
            throw new IllegalStateException("start-up probes already closed");
        }
        taken.add(f);
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private <T> void closeUntaken(CompletableFuture<T> f, Consumer<T> closer) {
        T value;
        try {
            value = f.join();
        } catch (RuntimeException e) {
            return; // failed: nothing to close
        }
        if (!taken.contains(f)) {
            try {
                closer.accept(value);
            } catch (RuntimeException e) {
                log.warn("closing an unused start-up probe: {}", e.toString());
            }
        }
    }

    /** Completes {@code f} with what {@code work} gives; null when it threw (then {@code f} holds the failure). */
    private static <T> T run(CompletableFuture<T> f, Supplier<T> work) {
        try {
            T value = work.get();
            f.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
            return null;
        }
    }

    /** Fails {@code next} with {@code previous}'s failure when that one failed (and {@code next} never ran). */
    private static void fail(CompletableFuture<?> next, CompletableFuture<?> previous) {
        if (!next.isDone()) {
            previous.handle((v, e) -> next.completeExceptionally(
                    e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e));
        }
    }

    private static <T> CompletableFuture<T> on(String thread, Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        NamedThreads.daemon(thread, () -> run(f, work)).start();
        return f;
    }

    /** The probes as begun for the context ({@link Starter}), before its beans exist. */
    record Early(StartupProbes probes) {}

    /**
     * Begins the probes as soon as a jcri application's context is initialized: its environment
     * complete and checked ({@link JcriConfigCheck}), its logging set up, its beans not yet read.
     * Registered in {@code META-INF/spring.factories}; other applications on the class path are
     * left alone.
     */
    static final class Starter implements ApplicationListener<ApplicationContextInitializedEvent> {
        static final String BEAN = "jcriEarlyStartupProbes";

        @Override
        public void onApplicationEvent(ApplicationContextInitializedEvent event) {
            if (!event.getSpringApplication().getAllSources().contains(JcriApplication.class)) {
                return;
            }
            ConfigurableApplicationContext context = event.getApplicationContext();
            ConfigurableEnvironment environment = context.getEnvironment();
            JcriProperties p = Binder.get(environment).bindOrCreate("jcri", Bindable.of(JcriProperties.class));
            StartupProbes probes = start(p, environment);
            context.getBeanFactory().registerSingleton(BEAN, new Early(probes));
            if (context.getBeanFactory() instanceof DefaultListableBeanFactory factory) {
                // closed with the context, also when its refresh fails before any bean took a probe
                factory.registerDisposableBean(BEAN, probes::close);
            }
        }
    }
}
