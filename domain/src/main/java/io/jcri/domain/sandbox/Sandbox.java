package io.jcri.domain.sandbox;

import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PodIps;
import io.jcri.domain.network.PortMapping;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A pod sandbox. Everything but {@code state} and {@code pid} is fixed at creation (and kept on
 * the containerd record, the truth on recovery). {@code netns} and {@code ips} are absent for a pod
 * on the host network.
 */
public record Sandbox(
        String id,
        SandboxConfig config,
        String runtimeHandler,
        String image,
        Instant createdAt,
        SandboxState state,
        int pid,
        @Nullable String netns,
        @Nullable PodIps ips,
        String network,
        SandboxPaths paths,
        List<PortMapping> portMappings,
        DnsConfig dns) {

    public Sandbox {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(runtimeHandler, "runtimeHandler");
        image = image == null ? "" : image;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        network = network == null ? "" : network;
        Objects.requireNonNull(paths, "paths");
        portMappings = List.copyOf(portMappings == null ? List.of() : portMappings);
        dns = dns == null ? DnsConfig.NONE : dns;
    }

    /** The pod's name, namespace, uid and attempt: what is reserved so two runs cannot collide. */
    public String reservedName() {
        return reservedName(config);
    }

    public static String reservedName(SandboxConfig c) {
        return c.name() + "_" + c.namespace() + "_" + c.uid() + "_" + c.attempt();
    }

    public boolean hostNetwork() {
        return config.security().namespaces().network() == NamespaceMode.NODE;
    }

    public Optional<String> netnsPath() {
        return Optional.ofNullable(netns);
    }

    public Optional<PodIps> podIps() {
        return Optional.ofNullable(ips);
    }

    public boolean ready() {
        return state instanceof SandboxState.Ready;
    }

    /** The same sandbox with its pause task running as {@code pid}. */
    public Sandbox running(int pid) {
        return with(SandboxState.READY, pid);
    }

    /** The same sandbox with its pause task gone. */
    public Sandbox stopped() {
        return with(SandboxState.NOT_READY, 0);
    }

    /** The same sandbox with the addresses its network gave it. */
    public Sandbox withNetwork(PodIps podIps, String networkName) {
        return new Sandbox(
                id,
                config,
                runtimeHandler,
                image,
                createdAt,
                state,
                pid,
                netns,
                podIps,
                networkName,
                paths,
                portMappings,
                dns);
    }

    public Sandbox withState(SandboxState next) {
        return with(next, next instanceof SandboxState.Ready ? pid : 0);
    }

    private Sandbox with(SandboxState next, int nextPid) {
        return new Sandbox(
                id,
                config,
                runtimeHandler,
                image,
                createdAt,
                next,
                nextPid,
                netns,
                ips,
                network,
                paths,
                portMappings,
                dns);
    }
}
