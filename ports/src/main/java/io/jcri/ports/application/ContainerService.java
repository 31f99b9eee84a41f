package io.jcri.ports.application;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.Device;
import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.container.ImageConfig;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.Mount;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.ProcessUser;
import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.image.Image;
import io.jcri.domain.json.Json;
import io.jcri.domain.json.RawJson;
import io.jcri.domain.naming.Ids;
import io.jcri.domain.naming.LabelSelector;
import io.jcri.domain.oci.ContainerPlacement;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.oci.Resources;
import io.jcri.domain.oci.SandboxPlacement;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.security.SeccompProfile;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.StdioRequest;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerHost;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.TaskStdio;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The Container verbs over the engine, the node's stdio and the status files. */
public final class ContainerService implements ContainerLifecycle, PodContainers {
    private static final Logger log = Logger.getLogger(ContainerService.class.getName());
    /** The kubelet's gRPC message limit; ExecSync's reply must stay below it. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Each of stdout and stderr gets half of the limit, less room for the rest of the reply. */
    static final int EXEC_OUTPUT_CAP = (MAX_MESSAGE_BYTES - 64 * 1024) / 2;
    /** How long a SIGKILLed task may take to go away. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** How long an unfinished create's lease lives if jcri dies before deleting it. */
    static final Duration CREATE_LEASE_EXPIRY = Duration.ofMinutes(10);

    /**
     * @param snapshotter the snapshotter images are unpacked into
     * @param runtimes the OCI runtime of a sandbox's runtime handler (NotFound for an unknown one)
     * @param fifoDir where containers' stdio FIFOs go
     * @param features what a runtime handler can do, by its name
     */
    public record Settings(
            String snapshotter,
            Function<String, OciRuntime> runtimes,
            Path fifoDir,
            Function<String, HandlerFeatures> features) {
        public Settings {
            Objects.requireNonNull(snapshotter, "snapshotter");
            Objects.requireNonNull(runtimes, "runtimes");
            Objects.requireNonNull(fifoDir, "fifoDir");
            Objects.requireNonNull(features, "features");
        }

        /** Handlers that can do nothing special. */
        public Settings(String snapshotter, Function<String, OciRuntime> runtimes, Path fifoDir) {
            this(snapshotter, runtimes, fifoDir, handler -> HandlerFeatures.NONE);
        }
    }

    private final ContainerRuntime runtime;
    private final ContainerIo io;
    private final ContainerStatusFiles files;
    private final ContainerDocuments documents;
    private final ContainerHost host;
    private final ImageManagement images;
    private final ImageVolumes imageVolumes;
    private final Sandboxes sandboxes;
    private final Containers containers;
    private final ContainerExits exits;
    private final Clock clock;
    private final Settings settings;

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
            Settings settings) {
        this.runtime = runtime;
        this.io = io;
        this.files = files;
        this.documents = documents;
        this.host = host;
        this.images = images;
        this.imageVolumes = imageVolumes;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.exits = exits;
        this.clock = clock;
        this.settings = settings;
    }

    // ---- CreateContainer ----

    @Override
    public String create(CreateCommand command) {
        ContainerConfig config = command.config();
        if (config.name().isEmpty()) {
            throw new JcriException.InvalidArgument("CreateContainer: the container config has no metadata.name");
        }
        Sandbox sandbox = sandboxes
                .get(command.sandboxId())
                .orElseThrow(() -> new JcriException.NotFound("pod sandbox " + command.sandboxId()
                        + " does not exist; cannot create container \"" + config.name() + "\""));
        if (!sandbox.ready()) {
            throw new JcriException.FailedPrecondition("pod sandbox " + sandbox.id()
                    + " is not ready; cannot create container \"" + config.name() + "\" in it");
        }
        String id = Ids.random();
        String reserved = ContainerMetadata.reservedName(sandbox.id(), config.name(), config.attempt());
        containers.names().reserve(reserved, id);
        Deque<Runnable> undo = new ArrayDeque<>();
        undo.push(() -> containers.names().release(reserved, id));
        try {
            Container created = createIn(sandbox, id, config, command.stopSignal(), undo);
            containers.put(created);
            publish(
                    RuntimeEvent.Type.CONTAINER_CREATED,
                    id,
                    sandbox.id(),
                    Map.of("name", config.name(), "image", config.image()));
            return id;
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    private Container createIn(
            Sandbox sandbox, String id, ContainerConfig requested, String criStopSignal, Deque<Runnable> undo) {
        Image image = images.require(requested.image());
        ImageConfig imageConfig = imageConfig(image);
        ContainerConfig config = withSeccompProfile(requested);
        int stopSignal = Signals.parse(
                !criStopSignal.isEmpty()
                        ? criStopSignal
                        : imageConfig.stopSignal().isEmpty() ? "SIGTERM" : imageConfig.stopSignal());
        OciRuntime ociRuntime = settings.runtimes().apply(sandbox.runtimeHandler());
        Instant now = clock.instant();
        ContainerMetadata metadata = new ContainerMetadata(
                id,
                sandbox.id(),
                config.name(),
                config.attempt(),
                image.displayName(config.image()),
                image.id(),
                image.repoDigests().isEmpty() ? image.id() : image.repoDigests().get(0),
                now,
                logPath(sandbox, config),
                config.labels(),
                config.annotations(),
                imageVolumes.resolve(config),
                config.tty(),
                config.stdin(),
                config.stdinOnce(),
                stopSignal,
                sandbox.runtimeHandler(),
                settings.snapshotter(),
                ProcessUser.ROOT,
                config.imageRequest());

        String leaseId = "jcri-create-" + id;
        runtime.createLease(leaseId, CREATE_LEASE_EXPIRY, Map.of(ContainerLabels.KIND, "container-create"));
        try {
            ContainerRuntime leased = runtime.withLease(leaseId);
            List<io.jcri.domain.task.Mount> rootfs = leased.prepareSnapshot(
                    settings.snapshotter(), id, image.chainId(), Map.of(ContainerLabels.KIND, "container"));
            undo.push(() -> runtime.removeSnapshot(settings.snapshotter(), id));
            ImageVolumes.Mounted volumes = imageVolumes.mount(metadata, leased, undo);
            ContainerConfig specConfig =
                    config.toBuilder().mounts(volumes.forSpec()).build();

            HostFacts facts = host.facts();
            if (!facts.hugetlbAvailable()
                    && !config.resources().hugepageLimits().isEmpty()) {
                log.fine(() -> "container \"" + config.name() + "\" (" + id + "): hugepage limits "
                        + config.resources().hugepageLimits() + " skipped, this node has no hugetlb cgroup controller");
            }
            OciSpec oci = new OciSpecBuilder(facts)
                    .container(specConfig, placement(sandbox, id, specConfig, imageConfig, rootfs), sandbox.config());
            String spec = oci.toJson();
            OciSpec.User runAs = oci.process().user();
            metadata = metadata.withUser(new ProcessUser(runAs.uid(), runAs.gid(), runAs.additionalGids()));
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(ContainerLabels.KIND, ContainerLabels.KIND_CONTAINER);
            labels.put(ContainerLabels.SANDBOX_ID, sandbox.id());
            labels.put(ContainerLabels.NAME, config.name());
            labels.put(ContainerLabels.ATTEMPT, Integer.toString(config.attempt()));
            labels.put(ContainerLabels.RESOURCES, documents.encodeResources(config.resources()));
            leased.createContainer(new NewContainerRecord(
                    id,
                    config.image(),
                    ociRuntime,
                    spec,
                    settings.snapshotter(),
                    id,
                    labels,
                    Map.of(ContainerLabels.METADATA_EXTENSION, documents.encodeMetadata(metadata)),
                    volumes.views()));
            undo.push(() -> runtime.deleteContainer(id));

            files.write(id, ContainerState.CREATED);
            undo.push(() -> files.delete(id));
        } finally {
            try {
                runtime.deleteLease(leaseId);
            } catch (JcriException e) {
                log.warning("container " + id + ": lease " + leaseId + " not deleted (it expires by itself): "
                        + e.getMessage());
            }
        }
        return new Container(metadata, config.resources(), ContainerState.CREATED);
    }

    private ContainerPlacement placement(
            Sandbox sandbox,
            String id,
            ContainerConfig config,
            ImageConfig imageConfig,
            List<io.jcri.domain.task.Mount> rootfs) {
        SandboxPlacement sp = new SandboxPlacement(
                sandbox.id(),
                ImageConfig.EMPTY,
                "rootfs",
                sandbox.netns(),
                sandbox.paths().shm().map(Path::toString).orElse(null),
                sandbox.paths().hostname().toString(),
                sandbox.paths().hosts().toString(),
                sandbox.paths().resolvConf().toString(),
                null,
                null);
        ContainerPlacement placement = ContainerPlacement.of(id, sp, sandbox.pid(), imageConfig)
                .withUserFiles(
                        host.rootfsFile(rootfs, "/etc/passwd").orElse(null),
                        host.rootfsFile(rootfs, "/etc/group").orElse(null));
        if (config.security().namespaces().pid() == NamespaceMode.TARGET) {
            placement = placement.withTargetPid(targetPid(sandbox, config));
        }
        Map<String, DeviceNode> nodes = new HashMap<>();
        for (Device d : config.devices()) {
            host.deviceNode(d.hostPath()).ifPresent(n -> nodes.put(d.hostPath(), n));
        }
        Set<String> shared = new HashSet<>();
        for (Mount m : config.mounts()) {
            if (m.propagation() == MountPropagation.BIDIRECTIONAL && host.onSharedMount(m.hostPath())) {
                shared.add(m.hostPath());
            }
        }
        return placement
                .withDeviceNodes(nodes)
                .withSharedMountSources(shared)
                .withRecursiveReadOnlyMounts(
                        settings.features().apply(sandbox.runtimeHandler()).recursiveReadOnlyMounts());
    }

    private long targetPid(Sandbox sandbox, ContainerConfig config) {
        String target = config.security().namespaces().targetId();
        Container t = containers
                .get(target)
                .orElseThrow(() -> new JcriException.NotFound("container \"" + config.name()
                        + "\" targets the PID namespace of container " + target + ", which does not exist"));
        if (!t.sandboxId().equals(sandbox.id()) || !t.running()) {
            throw new JcriException.FailedPrecondition("container \"" + config.name()
                    + "\" targets the PID namespace of container " + target
                    + ", which is not running in pod sandbox " + sandbox.id());
        }
        return t.pid();
    }

    private ContainerConfig withSeccompProfile(ContainerConfig config) {
        ContainerSecurity sec = config.security();
        if (sec.seccomp() instanceof SeccompProfile.Localhost local
                && local.json().isEmpty()) {
            SeccompProfile read = SeccompProfile.localhost(local.path(), host.readProfile(local.path()));
            return config.toBuilder()
                    .security(sec.toBuilder().seccomp(read).build())
                    .build();
        }
        return config;
    }

    static ImageConfig imageConfig(Image image) {
        io.jcri.domain.image.ImageConfig c = image.config();
        return new ImageConfig(c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(), c.stopSignal());
    }

    private static String logPath(Sandbox sandbox, ContainerConfig config) {
        if (config.logPath().isEmpty() || sandbox.config().logDirectory().isEmpty()) {
            return "";
        }
        return Path.of(sandbox.config().logDirectory())
                .resolve(config.logPath())
                .toString();
    }

    // ---- StartContainer ----

    @Override
    public void start(String containerId) {
        Container c = containers.resolve(containerId);
        String id = c.id();
        containers.begin(id, "start");
        try {
            if (!(c.state() instanceof ContainerState.Created)) {
                throw new JcriException.FailedPrecondition("container " + id + " is "
                        + c.state().criName() + "; only a container in CONTAINER_CREATED can be started");
            }
            startTask(containers.get(id).orElse(c));
        } finally {
            containers.end(id);
        }
    }

    private void startTask(Container c) {
        String id = c.id();
        ContainerMetadata m = c.metadata();
        TaskStdio stdio = null;
        try {
            List<io.jcri.domain.task.Mount> rootfs = runtime.snapshotMounts(m.snapshotter(), id);
            stdio = io.open(new StdioRequest(
                    id, settings.fifoDir(), m.logPath().isEmpty() ? null : Path.of(m.logPath()), m.stdin(), m.tty()));
            containers.putStdio(id, stdio);
            runtime.createTask(id, rootfs, stdio.paths());
            if (resourcesPending(id)) {
                runtime.updateTaskResources(id, resourcesJson(c, c.resources()));
                runtime.updateContainerLabels(id, Map.of(ContainerLabels.RESOURCES_PENDING, ""));
            }
            Instant startedAt = clock.instant();
            int pid = runtime.startTask(id);
            Container next = containers
                    .update(id, x -> x.exited() ? fillStart(x, startedAt) : x.start(pid, startedAt))
                    .orElseThrow();
            containers.persist(id, files);
            if (next.running()) {
                exits.watch(id);
                publish(
                        RuntimeEvent.Type.CONTAINER_STARTED,
                        id,
                        c.sandboxId(),
                        Map.of("name", m.name(), "pid", Integer.toString(pid)));
            }
        } catch (RuntimeException e) {
            failStart(id, stdio, e);
            throw e;
        }
    }

    /** Whether UpdateContainerResources changed the resources before the task existed. */
    private boolean resourcesPending(String id) {
        return runtime.container(id)
                .map(r -> !r.label(ContainerLabels.RESOURCES_PENDING).isEmpty())
                .orElse(false);
    }

    private static Container fillStart(Container c, Instant startedAt) {
        if (c.state() instanceof ContainerState.Exited e && e.startedAt() == null) {
            return c.withState(
                    new ContainerState.Exited(startedAt, e.finishedAt(), e.exitCode(), e.reason(), e.message()));
        }
        return c;
    }

    private void failStart(String id, TaskStdio stdio, RuntimeException cause) {
        // exited first, so the exit event of the task killed below changes nothing
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        containers.update(id, x -> x.startFailed(clock.instant(), message));
        try {
            containers.persist(id, files);
        } catch (JcriException e) {
            cause.addSuppressed(e);
        }
        try {
            Tasks.kill(runtime, id);
        } catch (JcriException e) {
            cause.addSuppressed(e);
        }
        containers.takeStdio(id).ifPresent(TaskStdio::close);
        if (stdio != null) {
            stdio.close();
        }
    }

    // ---- StopContainer ----

    @Override
    public void stop(String containerId, Duration timeout) {
        Optional<Container> found = find(containerId);
        if (found.isEmpty()) {
            return;
        }
        Container c = found.get();
        if (!c.running()) {
            return;
        }
        String id = c.id();
        ProcessExit exit = null;
        if (timeout.compareTo(Duration.ZERO) > 0 && c.metadata().stopSignal() != Signals.SIGKILL) {
            if (!runtime.killTask(id, c.metadata().stopSignal(), false)) {
                exit = exitOfStopped(id);
            } else {
                try {
                    exit = runtime.waitTask(id, timeout);
                } catch (JcriException.DeadlineExceeded e) {
                    log.fine(() -> "container " + id + " outlived its stop timeout " + timeout + "; killing it");
                } catch (JcriException.Internal e) {
                    log.fine(() -> "waiting for container " + id + " failed (" + e.getMessage() + "); killing it");
                }
            }
        }
        if (exit == null) {
            exit = kill(id);
        }
        if (exit != null) {
            exits.apply(id, exit);
        }
    }

    /** SIGKILLs every process of the task and waits for it; null when the task is gone. */
    private ProcessExit kill(String id) {
        runtime.killTask(id, Signals.SIGKILL, true);
        try {
            return runtime.waitTask(id, KILL_WAIT);
        } catch (JcriException.NotFound e) {
            return new ProcessExit(0, 137, clock.instant());
        }
    }

    private ProcessExit exitOfStopped(String id) {
        try {
            return runtime.waitTask(id, KILL_WAIT);
        } catch (JcriException.NotFound e) {
            return new ProcessExit(0, 255, clock.instant());
        }
    }

    // ---- RemoveContainer ----

    @Override
    public void remove(String containerId) {
        Optional<Container> found = find(containerId);
        if (found.isEmpty()) {
            return;
        }
        Container c = found.get();
        String id = c.id();
        containers.begin(id, "remove");
        try {
            if (c.running()) {
                ProcessExit exit = kill(id);
                exits.apply(id, exit);
            }
            try {
                runtime.deleteTask(id);
            } catch (JcriException.FailedPrecondition e) {
                runtime.killTask(id, Signals.SIGKILL, true);
                runtime.waitTask(id, KILL_WAIT);
                runtime.deleteTask(id);
            }
            containers.takeStdio(id).ifPresent(TaskStdio::close);
            runtime.deleteContainer(id);
            runtime.removeSnapshot(c.metadata().snapshotter(), id);
            imageVolumes.remove(c);
            io.removeFifos(settings.fifoDir(), id);
            files.delete(id);
            exits.forget(id);
            containers.names().release(c.metadata().reservedName(), id);
            containers.remove(id);
            publish(
                    RuntimeEvent.Type.CONTAINER_DELETED,
                    id,
                    c.sandboxId(),
                    Map.of("name", c.metadata().name()));
        } finally {
            containers.end(id);
        }
    }

    // ---- ContainerStatus, ListContainers ----

    @Override
    public StatusView status(String containerId, boolean verbose) {
        Container c = containers.resolve(containerId);
        if (!verbose) {
            return new StatusView(c, Map.of());
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sandboxID", c.sandboxId());
        info.put("pid", c.pid());
        info.put("snapshotter", c.metadata().snapshotter());
        info.put("snapshotKey", c.id());
        info.put("runtimeHandler", c.metadata().runtimeHandler());
        runtime.container(c.id()).ifPresent(r -> {
            info.put("runtimeType", r.runtime().type());
            if (!r.ociSpecJson().isEmpty()) {
                info.put("runtimeSpec", new RawJson(r.ociSpecJson()));
            }
        });
        return new StatusView(c, Map.of("info", Json.write(info)));
    }

    @Override
    public List<Container> list(Filter filter) {
        List<Container> all = containers.list();
        String id = "";
        if (!filter.id().isEmpty()) {
            try {
                id = containers.resolve(filter.id()).id();
            } catch (JcriException e) {
                return List.of();
            }
        }
        String sandboxId = "";
        if (!filter.sandboxId().isEmpty()) {
            sandboxId = resolveSandboxId(filter.sandboxId());
        }
        List<Container> out = new ArrayList<>();
        for (Container c : all) {
            if (!id.isEmpty() && !c.id().equals(id)) {
                continue;
            }
            if (!sandboxId.isEmpty() && !c.sandboxId().equals(sandboxId)) {
                continue;
            }
            if (!filter.state().isEmpty() && !c.state().criName().equals(filter.state())) {
                continue;
            }
            if (!LabelSelector.matches(filter.labelSelector(), c.metadata().labels())) {
                continue;
            }
            out.add(c);
        }
        out.sort((a, b) -> a.metadata().createdAt().compareTo(b.metadata().createdAt()));
        return out;
    }

    private String resolveSandboxId(String idOrPrefix) {
        try {
            return sandboxes.resolve(idOrPrefix).id();
        } catch (JcriException e) {
            return idOrPrefix;
        }
    }

    // ---- ExecSync ----

    @Override
    public ExecResult execSync(ExecSyncCommand command) {
        Container c = containers.resolve(command.containerId());
        if (command.command().isEmpty()) {
            throw new JcriException.InvalidArgument("ExecSync in container " + c.id() + ": the command is empty");
        }
        if (!c.running()) {
            throw new JcriException.FailedPrecondition(
                    "container " + c.id() + " is " + c.state().criName() + "; ExecSync needs it running");
        }
        ContainerRecord record = runtime.container(c.id())
                .orElseThrow(() -> new JcriException.NotFound("container " + c.id() + " has no engine record"));
        String process = documents.execProcess(record.ociSpecJson(), command.command());
        Duration timeout =
                command.timeout().isZero() || command.timeout().isNegative() ? Duration.ofDays(365) : command.timeout();
        return io.execSync(c.id(), process, timeout, EXEC_OUTPUT_CAP);
    }

    // ---- UpdateContainerResources, UpdatePodSandboxResources, ReopenContainerLog ----

    @Override
    public void updateResources(String containerId, LinuxResources resources) {
        Container c = containers.resolve(containerId);
        if (c.exited()) {
            throw new JcriException.FailedPrecondition(
                    "container " + c.id() + " has exited; its resources cannot be updated");
        }
        String json = resourcesJson(c, resources);
        if (c.running()) {
            runtime.updateTaskResources(c.id(), json);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ContainerLabels.RESOURCES, documents.encodeResources(resources));
        if (!c.running()) {
            // the spec still holds the creation's resources: StartContainer applies these
            labels.put(ContainerLabels.RESOURCES_PENDING, "true");
        }
        runtime.updateContainerLabels(c.id(), labels);
        containers.update(c.id(), x -> x.withResources(resources));
    }

    private String resourcesJson(Container c, LinuxResources resources) {
        return Resources.of(c.metadata().name(), resources, List.of(), host.facts())
                .toJson();
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
                    + c.state().criName() + "; its log can only be reopened while it runs");
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

    private Optional<Container> find(String idOrPrefix) {
        try {
            return Optional.of(containers.resolve(idOrPrefix));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        } catch (JcriException e) {
            log.log(Level.FINE, e.getMessage());
            return Optional.empty();
        }
    }

    // ---- events (the bus GetContainerEvents, the admin API and metrics read) ----

    private volatile EventBus events = new EventBus();

    /** Publishes this service's container events on {@code bus}. */
    public void events(EventBus bus) {
        this.events = bus;
    }

    private void publish(RuntimeEvent.Type type, String id, String sandboxId, Map<String, String> details) {
        events.publish(new RuntimeEvent(type, id, sandboxId, clock.instant(), details));
    }
}
