package io.jcri.ports.application;

import io.jcri.domain.container.ImageConfig;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.image.BuiltinImages;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.json.Json;
import io.jcri.domain.json.RawJson;
import io.jcri.domain.naming.Ids;
import io.jcri.domain.naming.LabelSelector;
import io.jcri.domain.naming.NameReservations;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.oci.SandboxPlacement;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxPaths;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.Lease;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.ProcessState;
import io.jcri.domain.task.TaskEvent;
import io.jcri.domain.task.TaskIo;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.SandboxFiles;
import io.jcri.ports.out.TaskEventListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * RunPodSandbox to RemovePodSandbox. A sandbox is its pause container in the engine, holding a
 * pinned network namespace set up by CNI, plus its files. Every step of a run that fails undoes
 * the ones before it; stop and remove are idempotent and safe to repeat after a partial failure
 * or a restart. What never changes is kept on the engine record ({@link SandboxRecord}), the
 * truth {@link SandboxRecovery} rebuilds the cache from; the state is derived from the pause task
 * and follows its exit events.
 */
public final class SandboxService implements SandboxLifecycle, TaskEventListener {
    private static final System.Logger log = System.getLogger(SandboxService.class.getName());
    static final String NAME_LABEL = "io.jcri.sandbox.name";
    static final String NAMESPACE_LABEL = "io.jcri.sandbox.namespace";
    static final String UID_LABEL = "io.jcri.sandbox.uid";
    static final String ATTEMPT_LABEL = "io.jcri.sandbox.attempt";

    /**
     * @param sandboxImage the configured {@code jcri.sandbox-image} ({@code builtin} for jcri's own)
     * @param snapshotter the engine's snapshotter for root filesystems
     */
    public record Settings(String sandboxImage, String snapshotter) {}

    private final Sandboxes store;
    private final NameReservations names;
    private final ImageManagement images;
    private final PodNetwork network;
    private final SandboxFiles files;
    private final ContainerRuntime runtime;
    private final OciSpecBuilder specs;
    private final RuntimeHandlers handlers;
    private final Settings settings;
    private final Clock clock;
    private volatile PodContainers containers;

    public SandboxService(
            Sandboxes store,
            ImageManagement images,
            PodNetwork network,
            SandboxFiles files,
            ContainerRuntime runtime,
            OciSpecBuilder specs,
            RuntimeHandlers handlers,
            Settings settings,
            Clock clock) {
        this.store = store;
        this.names = new NameReservations("sandbox");
        this.images = images;
        this.network = network;
        this.files = files;
        this.runtime = runtime;
        this.specs = specs;
        this.handlers = handlers;
        this.settings = settings;
        this.clock = clock;
        this.containers = new EngineRecordsPodContainers(runtime);
    }

    /** Who stops and removes a pod's containers (the container lifecycle, once wired). */
    public void podContainers(PodContainers containers) {
        this.containers = containers;
    }

    // ---- RunPodSandbox ----

    @Override
    public String run(RunCommand cmd) {
        SandboxConfig config = cmd.config();
        if (config.name().isEmpty()
                || config.namespace().isEmpty()
                || config.uid().isEmpty()) {
            throw new JcriException.InvalidArgument(
                    "RunPodSandbox: metadata needs a name, a namespace and a uid (got name \"" + config.name()
                            + "\", namespace \"" + config.namespace() + "\", uid \"" + config.uid() + "\")");
        }
        String handlerName = handlers.nameOf(cmd.runtimeHandler());
        OciRuntime ociRuntime = handlers.resolve(cmd.runtimeHandler());
        String id = Ids.random();
        String reserved = Sandbox.reservedName(config);
        names.reserve(reserved, id);
        Steps steps = Steps.cancellable("RunPodSandbox " + config.namespace() + "/" + config.name() + " (" + id + ")");
        publish(
                RuntimeEvent.Type.SANDBOX_CREATING,
                id,
                id,
                Map.of("name", config.name(), "namespace", config.namespace()));
        try {
            Image image = steps.run("ensuring the sandbox image", this::sandboxImage);
            publish(RuntimeEvent.Type.SANDBOX_IMAGE_READY, id, id, Map.of("image", imageName(image)));
            boolean hostNetwork = config.security().namespaces().network() == NamespaceMode.NODE;
            Path netns = null;
            Future<PodNetworkAttachment> cniAdd = null;
            if (!hostNetwork) {
                Path created = steps.run("creating the network namespace", () -> network.createNetns(id));
                steps.undo(() -> network.removeNetns(created));
                netns = created;
                // CNI ADD runs while the pause container and task are made: neither needs the
                // other, and the plugins take as long as the rest together.
                PodAttachRequest request = new PodAttachRequest(
                        id, config.name(), config.namespace(), config.uid(), created, cmd.portMappings(), cmd.dns());
                Future<PodNetworkAttachment> pending = NETWORK_SETUP.submit(() -> network.attach(request));
                cniAdd = pending;
                steps.undo(() -> {
                    // attach undoes itself when it fails; a finished one is detached
                    if (awaitQuietly(pending)) {
                        network.detach(id);
                    }
                });
                if (needsNetworkFirst(config)) {
                    // runc writes the pod's net.* sysctls when it creates the task, and one may
                    // name an interface CNI has yet to make: wait for the ADD first
                    steps.run("setting up the pod network (CNI ADD)", () -> await(pending));
                }
            }
            boolean hostIpc = config.security().namespaces().ipc() == NamespaceMode.NODE;
            SandboxPaths paths = steps.run(
                    "writing the sandbox files",
                    () -> files.prepare(new SandboxFiles.Request(
                            id,
                            config.hostname().isEmpty() ? config.name() : config.hostname(),
                            cmd.dns().servers(),
                            cmd.dns().searches(),
                            cmd.dns().options(),
                            hostNetwork,
                            hostIpc)));
            steps.undo(() -> files.remove(id));
            Sandbox sandbox = new Sandbox(
                    id,
                    config,
                    handlerName,
                    imageName(image),
                    clock.instant(),
                    SandboxState.NOT_READY,
                    0,
                    netns == null ? null : netns.toString(),
                    null,
                    "",
                    paths,
                    cmd.portMappings(),
                    cmd.dns());
            SandboxPlacement placement = SandboxPlacement.of(id, specImage(image), sandbox.netns())
                    .withShmPath(paths.shm().map(Path::toString).orElse(null))
                    .withFiles(
                            paths.hostname().toString(),
                            paths.hosts().toString(),
                            paths.resolvConf().toString());
            String spec = steps.run(
                    "building the OCI spec",
                    () -> specs.sandbox(config, placement).toJson());
            List<Mount> rootfs = steps.run(
                    "creating the sandbox container", () -> createContainer(sandbox, image, ociRuntime, spec));
            steps.undo(() -> {
                runtime.deleteContainer(id);
                runtime.removeSnapshot(settings.snapshotter(), id);
            });
            int pid = steps.run("creating the sandbox task", () -> runtime.createTask(id, rootfs, TaskIo.none()));
            steps.undo(() -> Tasks.kill(runtime, id));
            steps.run("starting the sandbox task", () -> runtime.startTask(id));
            Sandbox ready = sandbox;
            if (cniAdd != null) {
                Future<PodNetworkAttachment> pending = cniAdd;
                PodNetworkAttachment attachment =
                        steps.run("setting up the pod network (CNI ADD)", () -> await(pending));
                publish(
                        RuntimeEvent.Type.SANDBOX_NETWORK_READY,
                        id,
                        id,
                        Map.of("ips", String.join(",", attachment.ips().all()), "network", attachment.network()));
                Sandbox attached = sandbox.withNetwork(attachment.ips(), attachment.network());
                steps.run(
                        "recording the pod's addresses",
                        () -> runtime.updateContainerExtension(
                                id, SandboxRecord.EXTENSION, SandboxRecord.encode(attached)));
                ready = attached;
            }
            steps.checkCaller("recording the sandbox ready");
            store.put(ready.running(pid));
            publish(RuntimeEvent.Type.SANDBOX_READY, id, id, Map.of("pid", Integer.toString(pid)));
            log.log(
                    System.Logger.Level.DEBUG,
                    "sandbox {0} ({1}/{2}) ready, pid {3}",
                    id,
                    config.namespace(),
                    config.name(),
                    pid);
            return id;
        } catch (RuntimeException e) {
            steps.rollback();
            names.release(reserved, id);
            throw e;
        }
    }

    /** Runs CNI ADD beside the rest of RunPodSandbox (daemon threads, made as needed). */
    private static final ExecutorService NETWORK_SETUP = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jcri-cni-add");
        t.setDaemon(true);
        return t;
    });

    /** The attachment, or the attach's own error as it was thrown. */
    private static PodNetworkAttachment await(Future<PodNetworkAttachment> pending) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new JcriException.Internal("CNI ADD failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable("interrupted waiting for CNI ADD", e);
        }
    }

    /** Whether the pause task must wait for CNI ADD: the pod sets network sysctls. */
    static boolean needsNetworkFirst(SandboxConfig config) {
        return config.sysctls().keySet().stream().anyMatch(k -> k.startsWith("net.") || k.startsWith("net/"));
    }

    /** Waits for the attach to finish; whether it succeeded. */
    private static boolean awaitQuietly(Future<PodNetworkAttachment> pending) {
        try {
            pending.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Image sandboxImage() {
        String configured = settings.sandboxImage();
        if (BuiltinImages.BUILTIN_SETTING.equals(configured)) {
            return images.ensure(BuiltinImages.PAUSE, RegistryAuth.NONE);
        }
        try {
            return images.ensure(configured, RegistryAuth.NONE);
        } catch (JcriException e) {
            log.log(
                    System.Logger.Level.WARNING,
                    "sandbox image " + configured + " cannot be pulled (" + e.getMessage()
                            + "); using jcri's built-in pause image " + BuiltinImages.PAUSE);
            return images.ensure(BuiltinImages.PAUSE, RegistryAuth.NONE);
        }
    }

    private String imageName(Image image) {
        return image.repoTags().isEmpty()
                ? (image.repoDigests().isEmpty()
                        ? image.id()
                        : image.repoDigests().get(0))
                : image.repoTags().get(0);
    }

    static ImageConfig specImage(Image image) {
        var c = image.config();
        return new ImageConfig(c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(), c.stopSignal());
    }

    private List<Mount> createContainer(Sandbox sandbox, Image image, OciRuntime ociRuntime, String spec) {
        String id = sandbox.id();
        Lease lease = runtime.createLease(
                "jcri-sandbox-" + id, Duration.ofMinutes(10), Map.of(SandboxRecord.KIND_LABEL, SandboxRecord.SANDBOX));
        ContainerRuntime leased = runtime.withLease(lease.id());
        boolean prepared = false;
        try {
            List<Mount> mounts = leased.prepareSnapshot(settings.snapshotter(), id, image.chainId(), Map.of());
            prepared = true;
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(SandboxRecord.KIND_LABEL, SandboxRecord.SANDBOX);
            labels.put(EngineRecordsPodContainers.SANDBOX_ID_LABEL, id);
            labels.put(NAME_LABEL, sandbox.config().name());
            labels.put(NAMESPACE_LABEL, sandbox.config().namespace());
            labels.put(UID_LABEL, sandbox.config().uid());
            labels.put(ATTEMPT_LABEL, Integer.toString(sandbox.config().attempt()));
            leased.createContainer(new NewContainerRecord(
                    id,
                    sandbox.image(),
                    ociRuntime,
                    spec,
                    settings.snapshotter(),
                    id,
                    labels,
                    Map.of(SandboxRecord.EXTENSION, SandboxRecord.encode(sandbox))));
            return mounts;
        } catch (RuntimeException e) {
            if (prepared) {
                try {
                    runtime.removeSnapshot(settings.snapshotter(), id);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        } finally {
            try {
                runtime.deleteLease(lease.id());
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "deleting lease " + lease.id() + " failed: " + e.getMessage());
            }
        }
    }

    // ---- StopPodSandbox / RemovePodSandbox ----

    @Override
    public void stop(String idOrPrefix) {
        Optional<Sandbox> found = find(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        String id = found.get().id();
        store.locks.exclusive(id, () -> store.get(id).ifPresent(this::stopLocked));
    }

    private void stopLocked(Sandbox sandbox) {
        String id = sandbox.id();
        store.begin(id, "stop it");
        try {
            Steps steps = new Steps("StopPodSandbox " + id);
            steps.run("stopping its containers", () -> containers.stopAll(id));
            steps.run("stopping the sandbox task", () -> {
                Tasks.kill(runtime, id);
            });
            if (!sandbox.hostNetwork()) {
                steps.run("tearing down the pod network (CNI DEL)", () -> network.detach(id));
                sandbox.netnsPath()
                        .ifPresent(p ->
                                steps.run("removing the network namespace", () -> network.removeNetns(Path.of(p))));
            }
            steps.run("unmounting the shm", () -> files.releaseShm(id));
            store.update(id, Sandbox::stopped);
            publish(RuntimeEvent.Type.SANDBOX_STOPPED, id, id, Map.of());
        } finally {
            store.end(id);
        }
    }

    @Override
    public void remove(String idOrPrefix) {
        Optional<Sandbox> found = find(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        String id = found.get().id();
        store.locks.exclusive(id, () -> store.get(id).ifPresent(this::removeLocked));
    }

    private void removeLocked(Sandbox sandbox) {
        String id = sandbox.id();
        stopLocked(sandbox);
        store.begin(id, "remove it");
        try {
            Steps steps = new Steps("RemovePodSandbox " + id);
            steps.run("removing its containers", () -> containers.removeAll(id));
            steps.run("removing the sandbox container", () -> {
                runtime.deleteContainer(id);
            });
            steps.run("removing the sandbox snapshot", () -> {
                runtime.removeSnapshot(settings.snapshotter(), id);
            });
            steps.run("removing the sandbox files", () -> files.remove(id));
            store.remove(id);
            store.locks.forget(id);
            names.release(sandbox.reservedName(), id);
            publish(RuntimeEvent.Type.SANDBOX_REMOVED, id, id, Map.of());
        } finally {
            store.end(id);
        }
    }

    private Optional<Sandbox> find(String idOrPrefix) {
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw new JcriException.InvalidArgument("pod sandbox id must not be empty");
        }
        try {
            return Optional.of(store.resolve(idOrPrefix));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    // ---- PodSandboxStatus / ListPodSandbox ----

    @Override
    public StatusView status(String idOrPrefix, boolean verbose) {
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw new JcriException.InvalidArgument("pod sandbox id must not be empty");
        }
        // the stored state is kept by the task events (and resync after a break): a status is
        // answered from memory; verbose, or a state unknown so far, asks the task
        Sandbox stored = store.resolve(idOrPrefix);
        Sandbox sandbox = verbose || stored.state() instanceof SandboxState.Unknown ? refresh(stored) : stored;
        Map<String, String> info = Map.of();
        if (verbose) {
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
            m.put(
                    "cniResult",
                    att.map(a -> (Object) new RawJson(a.resultJson())).orElse(null));
            info = Map.of("info", Json.write(m));
        }
        return new StatusView(sandbox, info);
    }

    private Optional<PodNetworkAttachment> attachment(String id) {
        try {
            return network.attachment(id);
        } catch (JcriException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Sandbox> list(Filter filter) {
        List<Sandbox> all = store.list();
        if (!filter.id().isEmpty()) {
            all = all.stream().filter(s -> s.id().startsWith(filter.id())).toList();
        }
        return all.stream()
                .filter(s -> filter.state().isEmpty() || s.state().criName().equals(filter.state()))
                .filter(s ->
                        LabelSelector.matches(filter.labelSelector(), s.config().labels()))
                .sorted(java.util.Comparator.comparing(Sandbox::createdAt))
                .toList();
    }

    /** The sandbox with its state asked from its task now. */
    private Sandbox refresh(Sandbox sandbox) {
        SandboxState state;
        int pid = 0;
        try {
            Optional<ProcessState> task = runtime.task(sandbox.id());
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
        return store.update(
                        sandbox.id(), s -> next instanceof SandboxState.Ready ? s.running(nextPid) : s.withState(next))
                .orElse(sandbox);
    }

    // ---- events and recovery ----

    @Override
    public void onEvent(TaskEvent event) {
        if (event instanceof TaskEvent.Exited exited && exited.isInit()) {
            boolean wasReady =
                    store.get(exited.containerId()).map(Sandbox::ready).orElse(false);
            store.update(exited.containerId(), s -> s.ready() ? s.stopped() : s);
            if (wasReady) {
                publish(
                        RuntimeEvent.Type.SANDBOX_STOPPED,
                        exited.containerId(),
                        exited.containerId(),
                        Map.of("exitCode", Integer.toString(exited.exitCode())));
            }
        }
    }

    @Override
    public void resync() {
        for (Sandbox s : store.list()) {
            try {
                refresh(s);
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
        names.reserve(sandbox.reservedName(), sandbox.id());
        store.put(sandbox);
        try {
            refresh(sandbox);
        } catch (JcriException e) {
            store.update(sandbox.id(), s -> s.withState(SandboxState.UNKNOWN));
            log.log(
                    System.Logger.Level.WARNING,
                    "sandbox " + sandbox.id() + ": its task cannot be read (" + e.getMessage() + "); state unknown");
        }
    }

    // ---- events (the bus GetContainerEvents, the admin API and metrics read) ----

    private volatile EventBus events = new EventBus();

    /** Publishes this service's pod events on {@code bus}. */
    public void events(EventBus bus) {
        this.events = bus;
    }

    private void publish(RuntimeEvent.Type type, String id, String sandboxId, Map<String, String> details) {
        events.publish(new RuntimeEvent(type, id, sandboxId, clock.instant(), details));
    }
}
