package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.nri.PluginHooks;
import io.jcri.ports.application.sandbox.PodContainers;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerHost;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.NodeResourcePlugins;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/** The Container verbs over the engine, the node's stdio and the status files. */
public final class ContainerService implements ContainerLifecycle, PodContainers {
    private static final Logger log = Logger.getLogger(ContainerService.class.getName());
    /** The kubelet's gRPC message limit; ExecSync's reply must stay below it. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Each of stdout and stderr gets half of the limit, less room for the rest of the reply. */
    static final int EXEC_OUTPUT_CAP = (MAX_MESSAGE_BYTES - 64 * 1024) / 2;

    private static final Duration EXEC_TIMEOUT_MAX = Duration.ofDays(365);
    /** How long a SIGKILLed task may take to go away. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** How long an unfinished create's lease lives if jcri dies before deleting it. */
    static final Duration CREATE_LEASE_EXPIRY = Duration.ofMinutes(10);

    /**
     * @param snapshotter the snapshotter images are unpacked into
     * @param runtimes the OCI runtime of a sandbox's runtime handler (NotFound for an unknown one)
     * @param fifoDir where containers' stdio FIFOs go
     * @param features what a runtime handler can do, by its name
     * @param snapshotters the snapshotter of a runtime handler, by its name (empty or null: {@code
     *     snapshotter})
     */
    public record Settings(
            String snapshotter,
            Function<String, OciRuntime> runtimes,
            Path fifoDir,
            Function<String, HandlerFeatures> features,
            Function<String, String> snapshotters) {
        public Settings {
            Objects.requireNonNull(snapshotter, "snapshotter");
            Objects.requireNonNull(runtimes, "runtimes");
            Objects.requireNonNull(fifoDir, "fifoDir");
            Objects.requireNonNull(features, "features");
            Objects.requireNonNull(snapshotters, "snapshotters");
        }

        /** Every handler on {@code snapshotter}. */
        public Settings(
                String snapshotter,
                Function<String, OciRuntime> runtimes,
                Path fifoDir,
                Function<String, HandlerFeatures> features) {
            this(snapshotter, runtimes, fifoDir, features, handler -> snapshotter);
        }

        /** The snapshotter of the containers of runtime handler {@code handler}. */
        public String snapshotterOf(String handler) {
            String s = snapshotters.apply(handler == null ? "" : handler);
            return s == null || s.isEmpty() ? snapshotter : s;
        }

        /** Handlers that can do nothing special. */
        public Settings(String snapshotter, Function<String, OciRuntime> runtimes, Path fifoDir) {
            this(snapshotter, runtimes, fifoDir, handler -> HandlerFeatures.NONE);
        }
    }

    /**
     * The check a CreateContainer makes before it would create a container from a checkpoint (the
     * checkpointing use case's {@code refuseRestore}).
     */
    @FunctionalInterface
    public interface RestoreCheck {
        /** No checkpointing: an image is never taken for a checkpoint. */
        RestoreCheck NONE = (containerName, image, annotations) -> {};

        /** Throws, naming why, when the container would be restored from a checkpoint. */
        void refuseRestore(String containerName, String image, Map<String, String> annotations);
    }

    private final ContainerRuntime runtime;
    private final ContainerIo io;
    private final ContainerDocuments documents;
    private final Containers containers;
    private final Sandboxes sandboxes;
    private final ContainerContext.EventOutlet events;
    private final PluginHooks plugins;
    private final RestoreCheck restores;
    private final ContainerContext ctx;
    private final ContainerCreation creation;
    private final ContainerStart starts;
    private final ContainerQueries queries;
    private final ContainerStop stops;

    /**
     * @param events the bus container events are published on
     * @param plugins the node resource plugins told of each container lifecycle event ({@link
     *     NodeResourcePlugins#NONE} when NRI is off)
     * @param restores what refuses a CreateContainer from a checkpoint
     */
    public ContainerService(
            ContainerRuntime runtime,
            ContainerIo io,
            ContainerStatusFiles files,
            ContainerDocuments documents,
            ContainerHost host,
            ImageManagement images,
            ImageVolumes imageVolumes,
            Sandboxes sandboxes,
            Containers containers,
            ContainerExits exits,
            Clock clock,
            Settings settings,
            EventBus events,
            NodeResourcePlugins plugins,
            RestoreCheck restores) {
        this.events = new ContainerContext.EventOutlet(events);
        this.plugins = new PluginHooks(plugins);
        this.restores = Objects.requireNonNull(restores, "restores");
        this.runtime = runtime;
        this.io = io;
        this.documents = documents;
        this.containers = containers;
        this.sandboxes = sandboxes;
        this.ctx = new ContainerContext(
                runtime,
                io,
                files,
                documents,
                host,
                images,
                imageVolumes,
                sandboxes,
                containers,
                exits,
                clock,
                settings,
                this.events,
                this.plugins,
                new ContainerSpecs());
        this.creation = new ContainerCreation(ctx);
        this.starts = new ContainerStart(ctx);
        this.queries = new ContainerQueries(ctx);
        this.stops = new ContainerStop(ctx, queries);
    }

    @Override
    public String create(CreateCommand command) {
        restores.refuseRestore(
                command.config().name(),
                command.config().image(),
                command.config().imageRequest().annotations());
        return creation.create(command);
    }

    @Override
    public void start(String containerId) {
        starts.start(containerId);
    }

    @Override
    public void stop(String containerId, Duration timeout) {
        stops.stop(containerId, timeout);
    }

    @Override
    public void remove(String containerId) {
        stops.remove(containerId);
    }

    @Override
    public StatusView status(String containerId, boolean verbose) {
        return queries.status(containerId, verbose);
    }

    @Override
    public Optional<StatusView> statusFromMemory(String containerId, boolean verbose) {
        return queries.statusFromMemory(containerId, verbose);
    }

    @Override
    public List<Container> list(Filter filter) {
        return queries.list(filter);
    }

    // ---- ExecSync ----

    @Override
    public ExecResult execSync(ExecSyncCommand command) {
        Container c = containers.resolve(command.containerId());
        if (command.command().isEmpty()) {
            throw new JcriException.InvalidArgument("ExecSync in container " + c.id() + ": the command is empty");
        }
        if (command.command().get(0).isEmpty()) {
            throw new JcriException.InvalidArgument("ExecSync in container " + c.id() + ": cmd[0] is empty");
        }
        if (!c.running()) {
            throw new JcriException.FailedPrecondition(
                    "container " + c.id() + " is " + c.state().phase().label() + "; ExecSync needs it running");
        }
        ContainerRecord record = runtime.container(c.id())
                .orElseThrow(() -> new JcriException.NotFound("container " + c.id() + " has no engine record"));
        ExecProcess process = ExecProcess.of(record.ociSpecJson(), command.command(), false);
        // no timeout, or one past a year (the kubelet's int64 seconds can overflow every clock): a year
        Duration timeout = command.timeout().isZero()
                        || command.timeout().isNegative()
                        || command.timeout().compareTo(EXEC_TIMEOUT_MAX) > 0
                ? EXEC_TIMEOUT_MAX
                : command.timeout();
        try {
            return io.execSync(c.id(), process, timeout, EXEC_OUTPUT_CAP);
        } catch (JcriException.FailedPrecondition e) {
            throw new JcriException.FailedPrecondition(
                    "ExecSync of cmd \"" + command.command().get(0) + "\": " + e.getMessage());
        }
    }

    // ---- UpdateContainerResources, UpdatePodSandboxResources, ReopenContainerLog ----

    @Override
    public void updateResources(String containerId, LinuxResources requested) {
        Container c = containers.resolve(containerId);
        if (c.exited()) {
            throw new JcriException.FailedPrecondition(
                    "container " + c.id() + " has exited; its resources cannot be updated");
        }
        Sandbox pod = sandboxes.resolve(c.sandboxId());
        LinuxResources resources = plugins.get().updateContainer(pod, PluginContainer.of(c), requested);
        OciSpec.Resources oci = ctx.ociResources(c, resources);
        if (c.running()) {
            updateTask(c, oci);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ContainerLabels.RESOURCES, documents.encodeResources(resources));
        if (!c.running()) {
            // the spec still holds the creation's resources: StartContainer applies these
            labels.put(ContainerLabels.RESOURCES_PENDING, "true");
        }
        runtime.updateContainerLabels(c.id(), labels);
        containers.update(c.id(), x -> x.withResources(resources));
        plugins.notify(sandboxes, c.withResources(resources), plugins.get()::postUpdateContainer);
    }

    /** The task's cgroup; a task that ended before its exit was seen is the caller's problem, not jcri's. */
    private void updateTask(Container c, OciSpec.Resources resources) {
        try {
            runtime.updateTaskResources(c.id(), resources);
        } catch (JcriException.Internal e) {
            boolean running = runtime.task(c.id())
                    .map(t -> t.status() == TaskStatus.RUNNING)
                    .orElse(false);
            if (running && CgroupRefusal.is(e)) {
                throw new JcriException.InvalidArgument("UpdateContainerResources of container " + c.id()
                        + ": the kernel refused the resources (" + e.getMessage() + ")");
            }
            if (running) {
                throw e;
            }
            throw new JcriException.FailedPrecondition(
                    "container " + c.id() + " is not running; its resources cannot be updated");
        }
    }

    @Override
    public void updateSandboxResources(String sandboxId, LinuxResources overhead, LinuxResources resources) {
        Sandbox s = sandboxes.resolve(sandboxId);
        log.fine(() -> "UpdatePodSandboxResources for pod sandbox " + s.id()
                + " accepted; containers' own resources are updated one by one");
    }

    @Override
    public void reopenLog(String containerId) {
        Container c = containers.resolve(containerId);
        if (!c.running()) {
            throw new JcriException.FailedPrecondition("container " + c.id() + " is "
                    + c.state().phase().label() + "; its log can only be reopened while it runs");
        }
        containers
                .stdio(c.id())
                .orElseThrow(() ->
                        new JcriException.FailedPrecondition("container " + c.id() + " has no open log to reopen"))
                .reopenLog();
    }

    // ---- for the sandbox lifecycle ----

    @Override
    public void stopAllIn(String sandboxId, Duration timeout) {
        for (Container c : containers.inSandbox(sandboxId)) {
            stop(c.id(), timeout);
        }
    }

    @Override
    public void removeAllIn(String sandboxId) {
        for (Container c : containers.inSandbox(sandboxId)) {
            remove(c.id());
        }
    }

    /** StopPodSandbox's part: the pod's containers are killed at once, as the pod is going away. */
    @Override
    public void stopAll(String sandboxId) {
        stopAllIn(sandboxId, Duration.ZERO);
    }

    @Override
    public void removeAll(String sandboxId) {
        removeAllIn(sandboxId);
    }
}
