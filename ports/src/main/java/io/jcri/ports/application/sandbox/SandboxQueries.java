package io.jcri.ports.application.sandbox;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import io.jcri.domain.json.WrittenJson;
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
        if (!verbose) {
            return new StatusView(sandbox, Map.of());
        }
        Optional<PodNetworkAttachment> att = sandbox.hostNetwork() ? Optional.empty() : attachment(sandbox.id());
        return new StatusView(sandbox, Map.of("info", Json.write(verboseInfo(sandbox, att))));
    }

    /**
     * The status from memory, or empty when the stored state is unknown (the task must be asked).
     * Verbose too, as containerd's CRI plugin answers it (the state its events keep, the pid the
     * task started with), when the pod network's attachment is in memory as well; else empty, and
     * {@link #status} asks the task and reads the attachment's record.
     */
    Optional<StatusView> statusFromMemory(String idOrPrefix, boolean verbose) {
        Sandbox stored = stored(idOrPrefix);
        if (stored.state() instanceof SandboxState.Unknown) {
            return Optional.empty();
        }
        if (!verbose) {
            return Optional.of(new StatusView(stored, Map.of()));
        }
        Optional<Optional<PodNetworkAttachment>> att = stored.hostNetwork()
                ? Optional.of(Optional.empty())
                : ctx.network.attachmentInMemory(stored.id()).map(Optional::of);
        return att.map(a -> new StatusView(stored, Map.of("info", Json.write(verboseInfo(stored, a)))));
    }

    private Sandbox stored(String idOrPrefix) {
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw new JcriException.InvalidArgument("pod sandbox id must not be empty");
        }
        return ctx.store.resolve(idOrPrefix);
    }

    private static Map<String, Object> verboseInfo(Sandbox sandbox, Optional<PodNetworkAttachment> att) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", sandbox.pid());
        m.put("runtimeHandler", sandbox.runtimeHandler());
        m.put("image", sandbox.image());
        m.put("netns", sandbox.netns());
        m.put("network", sandbox.network());
        m.put("hostname", sandbox.paths().hostname().toString());
        m.put("resolvConf", sandbox.paths().resolvConf().toString());
        m.put("shm", sandbox.paths().shm().map(Path::toString).orElse(null));
        // the result is JSON the CNI adapter wrote: embedded as it is
        m.put(
                "cniResult",
                att.map(a -> (Object) new WrittenJson(a.resultJson())).orElse(null));
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
