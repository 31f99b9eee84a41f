package io.jcri.ports.application.sandbox;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.TaskEvent;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.NodeResourcePlugins;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.SandboxFiles;
import io.jcri.ports.out.TaskEventListener;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RunPodSandbox to RemovePodSandbox. A sandbox is its pause container in the engine, holding a
 * pinned network namespace set up by CNI, plus its files. Each verb is its own class
 * ({@link SandboxRun}, {@link SandboxTeardown}, {@link SandboxQueries}) over one
 * {@link SandboxContext}; this class routes to them under the sandbox's lock and follows the pause
 * tasks' exits. What never changes is kept on the engine record ({@link SandboxRecord}), the truth
 * {@link SandboxRecovery} rebuilds the cache from; the state is derived from the pause task.
 */
public final class SandboxService implements SandboxLifecycle, TaskEventListener {
    private static final System.Logger log = System.getLogger(SandboxService.class.getName());
    static final String NAME_LABEL = "io.jcri.sandbox.name";
    static final String NAMESPACE_LABEL = "io.jcri.sandbox.namespace";
    static final String UID_LABEL = "io.jcri.sandbox.uid";
    static final String ATTEMPT_LABEL = "io.jcri.sandbox.attempt";

    /**
     * @param sandboxImage the configured {@code jcri.sandbox-image} ({@code builtin} for jcri's own)
     * @param snapshotter the engine's snapshotter for root filesystems (of handlers that name none)
     * @param snapshotters the snapshotter of a runtime handler, by its name (empty: the default)
     */
    public record Settings(
            String sandboxImage, String snapshotter, java.util.function.Function<String, String> snapshotters) {
        /** Every handler on {@code snapshotter}. */
        public Settings(String sandboxImage, String snapshotter) {
            this(sandboxImage, snapshotter, handler -> snapshotter);
        }

        /** The snapshotter of the pods of runtime handler {@code handler}. */
        public String snapshotterOf(String handler) {
            String s = snapshotters.apply(handler == null ? "" : handler);
            return s == null || s.isEmpty() ? snapshotter : s;
        }
    }

    private final SandboxContext ctx;
    private final SandboxRun runs;
    private final SandboxTeardown teardown;
    private final SandboxQueries queries;

    /**
     * @param events the bus pod events are published on
     * @param containers what stopping and removing a pod does to its containers (the container
     *     lifecycle; {@link EngineRecordsPodContainers} where there is none)
     * @param plugins the node resource plugins told of each pod lifecycle event ({@link
     *     NodeResourcePlugins#NONE} when NRI is off)
     * @param journal where each RunPodSandbox is noted while under way, so that recovery tears
     *     down a pod whose start a kill cut ({@code UnfinishedCreations}) and frees its name
     *     ({@link CreationJournal#NONE} on a node that keeps no notes)
     */
    public SandboxService(
            Sandboxes store,
            ImageManagement images,
            PodNetwork network,
            SandboxFiles files,
            ContainerRuntime runtime,
            OciSpecBuilder specs,
            RuntimeHandlers handlers,
            Settings settings,
            Clock clock,
            EventBus events,
            PodContainers containers,
            NodeResourcePlugins plugins,
            CreationJournal journal) {
        this.ctx = new SandboxContext(
                store,
                images,
                network,
                files,
                runtime,
                specs,
                handlers,
                settings,
                clock,
                events,
                containers,
                plugins,
                journal);
        this.runs = new SandboxRun(ctx);
        this.teardown = new SandboxTeardown(ctx);
        this.queries = new SandboxQueries(ctx);
    }

    @Override
    public String run(RunCommand cmd) {
        return runs.run(cmd);
    }

    @Override
    public void stop(String idOrPrefix) {
        find(idOrPrefix).ifPresent(found -> locked(found.id(), teardown::stop));
    }

    @Override
    public void remove(String idOrPrefix) {
        find(idOrPrefix).ifPresent(found -> locked(found.id(), teardown::remove));
    }

    private void locked(String id, Consumer<Sandbox> verb) {
        ctx.store.locks.exclusive(id, () -> ctx.store.get(id).ifPresent(verb));
    }

    /** The sandbox an id or unique prefix names; empty when none does (stop and remove succeed). */
    private Optional<Sandbox> find(String idOrPrefix) {
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw new JcriException.InvalidArgument("pod sandbox id must not be empty");
        }
        try {
            return Optional.of(ctx.store.resolve(idOrPrefix));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public StatusView status(String idOrPrefix, boolean verbose) {
        return queries.status(idOrPrefix, verbose);
    }

    @Override
    public Optional<StatusView> statusFromMemory(String idOrPrefix, boolean verbose) {
        return queries.statusFromMemory(idOrPrefix, verbose);
    }

    @Override
    public List<Sandbox> list(Filter filter) {
        return queries.list(filter);
    }

    // ---- the pause tasks' events, and recovery ----

    @Override
    public void onEvent(TaskEvent event) {
        if (event instanceof TaskEvent.Exited exited && exited.isInit()) {
            String id = exited.containerId();
            boolean wasReady = ctx.store.get(id).map(Sandbox::ready).orElse(false);
            ctx.store.update(id, s -> s.ready() ? s.stopped() : s);
            if (wasReady) {
                ctx.publish(
                        RuntimeEvent.Type.SANDBOX_STOPPED, id, Map.of("exitCode", Integer.toString(exited.exitCode())));
            }
        }
    }

    @Override
    public void resync() {
        for (Sandbox s : ctx.store.list()) {
            try {
                queries.refresh(s);
            } catch (JcriException e) {
                log.log(System.Logger.Level.WARNING, "resync of sandbox " + s.id() + " failed: " + e.getMessage());
            }
        }
    }

    /**
     * Recovery's part ({@link SandboxRecovery}): takes a sandbox read from its engine record into
     * the cache, its name reserved and its state asked from its task (unknown when that fails).
     *
     * @throws JcriException.AlreadyExists when another sandbox holds its name
     */
    void adopt(Sandbox sandbox) {
        ctx.names.reserve(sandbox.reservedName(), sandbox.id());
        ctx.store.put(sandbox);
        try {
            queries.refresh(sandbox);
        } catch (JcriException e) {
            ctx.store.update(sandbox.id(), s -> s.withState(SandboxState.UNKNOWN));
            log.log(
                    System.Logger.Level.WARNING,
                    "sandbox " + sandbox.id() + ": its task cannot be read (" + e.getMessage() + "); state unknown");
        }
    }
}
