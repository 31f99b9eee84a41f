package io.jcri.ports.application.container;

import io.jcri.domain.cdi.CdiEdits;
import io.jcri.domain.cdi.CdiSpecEdits;
import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.Device;
import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.container.ImageProcessDefaults;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.ProcessUser;
import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.image.Image;
import io.jcri.domain.json.Json;
import io.jcri.domain.naming.Ids;
import io.jcri.domain.oci.ContainerPlacement;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.oci.SandboxPlacement;
import io.jcri.domain.plugin.ContainerAdjustment;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.plugin.SpecAdjustments;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.security.SeccompProfile;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.CallerCancellation;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerHost;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/** CreateContainer: the record, snapshot, image volumes, spec and status file of a new container, or none of them. */
final class ContainerCreation {
    private static final ContainerState CREATED = ContainerState.CREATED;
    private static final Logger log = Logger.getLogger(ContainerCreation.class.getName());
    private final ContainerContext ctx;
    private final ContainerRuntime runtime;
    private final ContainerIo io;
    private final ContainerStatusFiles files;
    private final ContainerDocuments documents;
    private final ContainerHost host;
    private final ImageManagement images;
    private final ImageVolumes imageVolumes;
    private final Sandboxes sandboxes;
    private final Containers containers;
    private final Clock clock;
    private final ContainerService.Settings settings;

    ContainerCreation(ContainerContext ctx) {
        this.ctx = ctx;
        this.runtime = ctx.runtime();
        this.io = ctx.io();
        this.files = ctx.files();
        this.documents = ctx.documents();
        this.host = ctx.host();
        this.images = ctx.images();
        this.imageVolumes = ctx.imageVolumes();
        this.sandboxes = ctx.sandboxes();
        this.containers = ctx.containers();
        this.clock = ctx.clock();
        this.settings = ctx.settings();
    }

    /** Creates the container while its pod cannot be stopped or removed (they wait for it). */
    String create(ContainerLifecycle.CreateCommand command) {
        ContainerConfig config = command.config();
        if (config.name().isEmpty()) {
            throw new JcriException.InvalidArgument("CreateContainer: the container config has no metadata.name");
        }
        if (sandboxes.get(command.sandboxId()).isEmpty()) {
            return createInPod(command); // NotFound, without making a lock for an unknown id
        }
        return sandboxes.locks.shared(
                command.sandboxId(), () -> ctx.plugins().get().exclusive(() -> createInPod(command)));
    }

    private String createInPod(ContainerLifecycle.CreateCommand command) {
        ContainerConfig config = command.config();
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
            if (CallerCancellation.callerGone()) {
                throw new JcriException.DeadlineExceeded("CreateContainer \"" + config.name() + "\" in pod sandbox "
                        + sandbox.id() + ": the caller went away (cancelled, or its deadline passed); the container"
                        + " is undone");
            }
            containers.put(created);
            ctx.plugins().get().postCreateContainer(sandbox, PluginContainer.of(created));
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
        Image image = images.require(requested.image(), sandbox.runtimeHandler());
        ImageProcessDefaults imageConfig = imageConfig(image);
        ContainerConfig config = withSeccompProfile(requested);
        int stopSignal = Signals.parse(
                !criStopSignal.isEmpty()
                        ? criStopSignal
                        : imageConfig.stopSignal().isEmpty() ? "SIGTERM" : imageConfig.stopSignal());
        OciRuntime ociRuntime = settings.runtimes().apply(sandbox.runtimeHandler());
        String snapshotter = settings.snapshotterOf(sandbox.runtimeHandler());
        ContainerMetadata metadata = metadata(sandbox, id, config, image, stopSignal, snapshotter);
        CdiEdits cdi = CdiDevices.resolve(host, config);

        String leaseId = "jcri-create-" + id;
        runtime.createLease(
                leaseId, ContainerService.CREATE_LEASE_EXPIRY, Map.of(ContainerLabels.KIND, "container-create"));
        try {
            ContainerRuntime leased = runtime.withLease(leaseId);
            List<io.jcri.domain.task.Mount> rootfs =
                    leased.prepareSnapshot(snapshotter, id, image.chainId(), Map.of(ContainerLabels.KIND, "container"));
            undo.push(() -> runtime.removeSnapshot(snapshotter, id));
            ImageVolumes.Mounted volumes = imageVolumes.mount(metadata, leased, undo);
            ContainerConfig specConfig = config.toBuilder()
                    .mounts(specMounts(id, image, config, volumes, rootfs, undo))
                    .build();
            HostFacts facts = facts(id, config);
            OciSpec oci = new OciSpecBuilder(facts)
                    .container(specConfig, placement(sandbox, id, specConfig, imageConfig, rootfs), sandbox.config());
            OciSpec.User runAs = oci.process().user();
            metadata = metadata.withUser(new ProcessUser(runAs.uid(), runAs.gid(), runAs.additionalGids()));
            String spec = adjustedSpec(sandbox, new Container(metadata, config.resources(), CREATED), oci, cdi, undo);
            Map<String, String> labels = recordLabels(sandbox, config);
            leased.createContainer(new NewContainerRecord(
                    id,
                    config.image(),
                    ociRuntime,
                    spec,
                    snapshotter,
                    id,
                    labels,
                    Map.of(ContainerLabels.METADATA_EXTENSION, documents.encodeMetadata(metadata)),
                    volumes.views()));
            undo.push(() -> runtime.deleteContainer(id));
            ctx.specs().put(id, new ContainerSpecs.Spec(ociRuntime.type(), spec));
            undo.push(() -> ctx.specs().forget(id));

            files.write(id, ContainerState.CREATED);
            undo.push(() -> files.delete(id));
        } finally {
            try {
                // the record holds the snapshot now (or the undo removed it): the lease goes after the answer
                runtime.releaseLease(leaseId);
            } catch (JcriException e) {
                log.warning("container " + id + ": lease " + leaseId + " not deleted (it expires by itself): "
                        + e.getMessage());
            }
        }
        return new Container(metadata, config.resources(), ContainerState.CREATED);
    }

    /**
     * The spec JSON with CDI's edits and then the node resource plugins' adjustments; if a later
     * step fails, the plugins are told the container is gone.
     */
    private String adjustedSpec(Sandbox sandbox, Container container, OciSpec oci, CdiEdits cdi, Deque<Runnable> undo) {
        Map<String, Object> edited = cdi.isEmpty() ? oci.toMap() : CdiSpecEdits.apply(oci.toMap(), cdi);
        Object process = edited.get("process");
        List<String> args = List.of();
        List<String> env = List.of();
        if (process instanceof Map<?, ?> p) {
            args = strings(p.get("args"));
            env = strings(p.get("env"));
        }
        PluginContainer view = new PluginContainer(container, args, env);
        ContainerAdjustment adjustment = ctx.plugins().get().createContainer(sandbox, view);
        undo.push(() -> ctx.plugins().get().removeContainer(sandbox, view));
        if (adjustment.isEmpty()) {
            return cdi.isEmpty() ? oci.toJson() : Json.write(edited);
        }
        return Json.write(SpecAdjustments.apply(edited, adjustment));
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    /** The mounts the spec binds: the config's with its image volumes made, then the image's declared volumes. */
    private List<ContainerMount> specMounts(
            String id,
            Image image,
            ContainerConfig config,
            ImageVolumes.Mounted volumes,
            List<io.jcri.domain.task.Mount> rootfs,
            Deque<Runnable> undo) {
        ImageDefinedVolumes defined = imageVolumes.defined();
        List<ContainerMount> out = new ArrayList<>(volumes.forSpec());
        out.addAll(defined.create(id, defined.paths(image.config().volumes(), config.mounts()), rootfs, undo));
        return out;
    }

    /** The node's facts, saying when the container's hugepage limits cannot apply on it. */
    private HostFacts facts(String id, ContainerConfig config) {
        HostFacts facts = host.facts();
        if (!facts.hugetlbAvailable() && !config.resources().hugepageLimits().isEmpty()) {
            log.fine(() -> "container \"" + config.name() + "\" (" + id + "): hugepage limits "
                    + config.resources().hugepageLimits() + " skipped, this node has no hugetlb cgroup controller");
        }
        return facts;
    }

    private ContainerMetadata metadata(
            Sandbox sandbox, String id, ContainerConfig config, Image image, int stopSignal, String snapshotter) {
        return new ContainerMetadata(
                id,
                sandbox.id(),
                config.name(),
                config.attempt(),
                image.displayName(config.image()),
                image.id(),
                image.repoDigests().isEmpty() ? image.id() : image.repoDigests().get(0),
                clock.instant(),
                logPath(sandbox, config),
                config.labels(),
                config.annotations(),
                imageVolumes.resolve(config),
                config.tty(),
                config.stdin(),
                config.stdinOnce(),
                stopSignal,
                sandbox.runtimeHandler(),
                snapshotter,
                ProcessUser.ROOT,
                config.imageRequest());
    }

    /** The labels of the container's engine record: what recovery finds it by. */
    private Map<String, String> recordLabels(Sandbox sandbox, ContainerConfig config) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ContainerLabels.KIND, ContainerLabels.KIND_CONTAINER);
        labels.put(ContainerLabels.SANDBOX_ID, sandbox.id());
        labels.put(ContainerLabels.NAME, config.name());
        labels.put(ContainerLabels.ATTEMPT, Integer.toString(config.attempt()));
        labels.put(ContainerLabels.RESOURCES, documents.encodeResources(config.resources()));
        return labels;
    }

    private ContainerPlacement placement(
            Sandbox sandbox,
            String id,
            ContainerConfig config,
            ImageProcessDefaults imageConfig,
            List<io.jcri.domain.task.Mount> rootfs) {
        SandboxPlacement sp = SandboxPlacement.of(sandbox.id(), ImageProcessDefaults.EMPTY, sandbox.netns())
                .withShmPath(sandbox.paths().shm().map(Path::toString).orElse(null))
                .withFiles(
                        sandbox.paths().hostname().toString(),
                        sandbox.paths().hosts().toString(),
                        sandbox.paths().resolvConf().toString());
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
        for (ContainerMount m : config.mounts()) {
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

    static ImageProcessDefaults imageConfig(Image image) {
        io.jcri.domain.image.ImageConfig c = image.config();
        return new ImageProcessDefaults(c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(), c.stopSignal());
    }

    private static String logPath(Sandbox sandbox, ContainerConfig config) {
        if (config.logPath().isEmpty() || sandbox.config().logDirectory().isEmpty()) {
            return "";
        }
        if (config.logPath().indexOf('\0') >= 0
                || sandbox.config().logDirectory().indexOf('\0') >= 0) {
            throw new JcriException.InvalidArgument("CreateContainer " + config.name()
                    + ": log_path or the pod's log_directory holds a NUL character, which no path may");
        }
        Path dir = Path.of(sandbox.config().logDirectory()).normalize();
        Path path = dir.resolve(config.logPath()).normalize();
        if (Path.of(config.logPath()).isAbsolute() || !path.startsWith(dir) || path.equals(dir)) {
            throw new JcriException.InvalidArgument("CreateContainer " + config.name() + ": log_path \""
                    + config.logPath() + "\" must be a file inside the pod's log_directory \"" + dir + "\"");
        }
        return path.toString();
    }

    private void publish(RuntimeEvent.Type type, String id, String sandboxId, Map<String, String> details) {
        ctx.publish(type, id, sandboxId, details);
    }
}
