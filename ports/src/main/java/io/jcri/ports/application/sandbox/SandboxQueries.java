package io.jcri.ports.application.sandbox;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import io.jcri.domain.json.RawJson;
import io.jcri.domain.naming.LabelSelector;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.ProcessState;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.in.SandboxLifecycle.Filter;
import io.jcri.ports.in.SandboxLifecycle.StatusView;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PodSandboxStatus and ListPodSandbox; a sandbox's state is asked from its pause task. */
final class SandboxQueries {
    private final SandboxContext ctx;

    SandboxQueries(SandboxContext ctx) {
        this.ctx = ctx;
    }

    StatusView status(String idOrPrefix, boolean verbose) {
        // the stored state is kept by the task events (and resync after a break): a status is
        // answered from memory; verbose, or a state unknown so far, asks the task
        Sandbox stored = stored(idOrPrefix);
        Sandbox sandbox = verbose || stored.state() instanceof SandboxState.Unknown ? refresh(stored) : stored;
        return new StatusView(sandbox, verbose ? Map.of("info", Json.write(verboseInfo(sandbox))) : Map.of());
    }

    /** The status from memory, or empty when the stored state is unknown (the task must be asked). */
    Optional<StatusView> statusFromMemory(String idOrPrefix) {
        Sandbox stored = stored(idOrPrefix);
        return stored.state() instanceof SandboxState.Unknown
                ? Optional.empty()
                : Optional.of(new StatusView(stored, Map.of()));
    }

    private Sandbox stored(String idOrPrefix) {
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw new JcriException.InvalidArgument("pod sandbox id must not be empty");
        }
        return ctx.store.resolve(idOrPrefix);
    }

    private Map<String, Object> verboseInfo(Sandbox sandbox) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", sandbox.pid());
        m.put("runtimeHandler", sandbox.runtimeHandler());
        m.put("image", sandbox.image());
        m.put("netns", sandbox.netns());
        m.put("network", sandbox.network());
        m.put("hostname", sandbox.paths().hostname().toString());
        m.put("resolvConf", sandbox.paths().resolvConf().toString());
        m.put("shm", sandbox.paths().shm().map(Path::toString).orElse(null));
        Optional<PodNetworkAttachment> att = sandbox.hostNetwork() ? Optional.empty() : attachment(sandbox.id());
        m.put("cniResult", att.map(a -> (Object) new RawJson(a.resultJson())).orElse(null));
        return m;
    }

    private Optional<PodNetworkAttachment> attachment(String id) {
        try {
            return ctx.network.attachment(id);
        } catch (JcriException e) {
            return Optional.empty();
        }
    }

    List<Sandbox> list(Filter filter) {
        return ctx.store.list().stream()
                .filter(s -> filter.id().isEmpty() || s.id().startsWith(filter.id()))
                .filter(s -> filter.states().isEmpty()
                        || filter.states().contains(s.state().phase()))
                .filter(s ->
                        LabelSelector.matches(filter.labelSelector(), s.config().labels()))
                .sorted(Comparator.comparing(Sandbox::createdAt))
                .toList();
    }

    /** The sandbox with its state asked from its task now. */
    Sandbox refresh(Sandbox sandbox) {
        SandboxState state;
        int pid = 0;
        try {
            Optional<ProcessState> task = ctx.runtime.task(sandbox.id());
            if (task.isPresent() && task.get().status() == TaskStatus.RUNNING) {
                state = SandboxState.READY;
                pid = task.get().pid();
            } else {
                state = SandboxState.NOT_READY;
            }
        } catch (JcriException.Unavailable e) {
            state = SandboxState.UNKNOWN;
        }
        SandboxState next = state;
        int nextPid = pid;
        return ctx.store
                .update(sandbox.id(), s -> next instanceof SandboxState.Ready ? s.running(nextPid) : s.withState(next))
                .orElse(sandbox);
    }
}
