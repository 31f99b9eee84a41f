package io.jcri.app;

import io.jcri.adapters.containerd.ManagedContainerd;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.cri.streaming.StreamingServer;
import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * What jcri says while it starts, one line a phase: the configuration (the file and which keys
 * the environment and the arguments set, never their values), containerd, and jcri ready with its
 * endpoints. CNI, the node, the runtime handlers and recovery say their own line where they
 * happen; the frameworks' start-up chatter is off (application.properties).
 */
final class StartupLog {
    private static final Logger log = LoggerFactory.getLogger("io.jcri.app.Jcri");

    private StartupLog() {}

    static void configuration(ConfigurableEnvironment environment) {
        ConfigFile file = ConfigFile.of(environment);
        StringBuilder line = new StringBuilder("configuration: ").append(file.describe());
        List<String> fromEnv = new ArrayList<>();
        PropertySource<?> env = environment.getPropertySources().get("systemEnvironment");
        if (env instanceof EnumerablePropertySource<?> e) {
            for (String name : e.getPropertyNames()) {
                if (name.toUpperCase(Locale.ROOT).startsWith("JCRI_")) {
                    fromEnv.add(name);
                }
            }
        }
        if (!fromEnv.isEmpty()) {
            line.append("; from the environment: ")
                    .append(String.join(", ", fromEnv.stream().sorted().toList()));
        }
        if (environment.getPropertySources().get("commandLineArgs") instanceof EnumerablePropertySource<?> args
                && args.getPropertyNames().length > 0) {
            line.append("; from arguments: ").append(String.join(", ", args.getPropertyNames()));
        }
        log.info("{}", line);
    }

    /** containerd's version, socket, namespace and who runs it; warns if its own CRI plugin is on. */
    static void containerd(ContainerdClient client, ManagedContainerd managed) {
        String who = managed == null
                ? "the node's"
                : "managed by jcri: pid " + managed.pid().map(String::valueOf).orElse("?")
                        + (managed.adopted() ? " adopted from the previous jcri" : " started")
                        + ", log " + managed.logFile();
        try {
            var engine = client.version();
            log.info(
                    "containerd {} at {}, namespace {} ({})",
                    engine.version(),
                    client.socket(),
                    client.namespace(),
                    who);
            if (client.hasOwnCriPlugin()) {
                log.warn(
                        "containerd at {} has its own CRI plugin enabled: it and jcri would both manage"
                                + " namespace '{}'; disable io.containerd.grpc.v1.cri in its config",
                        client.socket(),
                        client.namespace());
            }
        } catch (JcriException e) {
            log.warn("containerd not reachable at start-up ({}): {}", who, e.getMessage());
        }
    }

    /** Says when jcri is ready, and where, and when it stops. */
    static final class Listener {
        private final CriSocketGuard guard;
        private final JcriConfiguration.JcriVersion version;
        private final ObjectProvider<StreamingServer> streaming;
        private final ConfigurableEnvironment environment;

        Listener(
                CriSocketGuard guard,
                JcriConfiguration.JcriVersion version,
                ObjectProvider<StreamingServer> streaming,
                ConfigurableEnvironment environment) {
            this.guard = guard;
            this.version = version;
            this.streaming = streaming;
            this.environment = environment;
        }

        @EventListener
        public void onReady(ApplicationReadyEvent event) {
            StreamingServer server = streaming.getIfAvailable();
            String port = environment.getProperty("local.server.port");
            log.info(
                    "jcri {} ready in {} s: CRI on unix://{}{}{}",
                    version.value(),
                    String.format(Locale.ROOT, "%.1f", event.getTimeTaken().toMillis() / 1000.0),
                    guard.socket(),
                    server == null ? "" : ", streaming on " + server.baseUrl(),
                    port == null
                            ? ""
                            : ", admin on http://" + environment.getProperty("server.address", "127.0.0.1") + ":"
                                    + port);
        }

        @EventListener
        public void onClose(ContextClosedEvent event) {
            log.info("jcri stopping; pods and containers keep running, the next jcri finds them");
        }
    }
}
