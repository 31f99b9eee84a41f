package io.jcri.ports.in;

import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PortMapping;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The PodSandbox verbs of the CRI. */
public interface SandboxLifecycle {

    /** RunPodSandbox: returns the new sandbox's id once it is READY. */
    String run(RunCommand command);

    /** StopPodSandbox: idempotent; unknown ids succeed. */
    void stop(String sandboxId);

    /** RemovePodSandbox: stops first if needed; idempotent; unknown ids succeed. */
    void remove(String sandboxId);

    /** PodSandboxStatus: the sandbox (state refreshed), with verbose info when asked. */
    StatusView status(String sandboxId, boolean verbose);

    /**
     * PodSandboxStatus when memory has the answer without waiting on anything; empty when the
     * sandbox's state must be asked from its task first, or (verbose) its network attachment read
     * (then {@link #status} does). A sandbox that does not exist is NotFound here too.
     */
    default Optional<StatusView> statusFromMemory(String sandboxId, boolean verbose) {
        return Optional.empty();
    }

    /** ListPodSandbox. */
    List<Sandbox> list(Filter filter);

    /**
     * @param runtimeHandler empty for the default handler
     */
    record RunCommand(SandboxConfig config, String runtimeHandler, List<PortMapping> portMappings, DnsConfig dns) {
        public RunCommand {
            runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
            portMappings = List.copyOf(portMappings == null ? List.of() : portMappings);
            dns = dns == null ? DnsConfig.NONE : dns;
        }
    }

    record StatusView(Sandbox sandbox, Map<String, String> info) {}

    /**
     * @param id an id or unique id prefix; empty for any
     * @param states the states a sandbox may be in; empty for any
     */
    record Filter(String id, Set<SandboxState.Phase> states, Map<String, String> labelSelector) {
        public static final Filter ALL = new Filter("", Set.of(), Map.of());

        public Filter {
            id = id == null ? "" : id;
            states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(states);
            labelSelector = Map.copyOf(labelSelector == null ? Map.of() : labelSelector);
        }
    }
}
