package io.jcri.ports.application.checkpoint;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.Checkpointing;
import io.jcri.ports.out.ContainerCheckpoints;
import io.jcri.ports.out.ContainerRuntime;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checkpoint verbs. CheckpointContainer checks, in this order: the container exists
 * (NotFound), it runs (FailedPrecondition naming its state), the location is an absolute path
 * where an archive can be written (InvalidArgument naming the path and why), CRIU can run on this
 * node (FailedPrecondition quoting {@code criu check}); then the dump runs while stop and remove
 * of the container wait. CheckpointPod and RestorePod validate their input the same way, then
 * answer with CRIU's verdict when it cannot run; where it can, CheckpointPod writes one container
 * archive per container under the output directory, and RestorePod (restore is not built) says
 * so.
 */
public final class ContainerCheckpointing implements Checkpointing {

    /** The image annotation that marks an OCI image as a container checkpoint. */
    public static final String CHECKPOINT_ANNOTATION = "io.kubernetes.cri-o.annotations.checkpoint.name";

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(4);

    private final Containers containers;
    private final Sandboxes sandboxes;
    private final ContainerRuntime runtime;
    private final ContainerCheckpoints checkpoints;
    private final Clock clock;

    public ContainerCheckpointing(
            Containers containers,
            Sandboxes sandboxes,
            ContainerRuntime runtime,
            ContainerCheckpoints checkpoints,
            Clock clock) {
        this.containers = Objects.requireNonNull(containers, "containers");
        this.sandboxes = Objects.requireNonNull(sandboxes, "sandboxes");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void checkpointContainer(CheckpointContainerCommand command) {
        String what = "CheckpointContainer of container " + command.containerId();
        if (command.containerId().isEmpty()) {
            throw new JcriException.InvalidArgument("CheckpointContainer: container_id is empty");
        }
        Container c = containers.resolve(command.containerId());
        requireRunning(c, "CheckpointContainer");
        Path archive = location(what, "location", command.location());
        checkpoints.checkWritable(archive);
        requireCriu(what);
        Duration timeout = command.timeout().isZero() ? DEFAULT_TIMEOUT : command.timeout();
        dump(c, archive, timeout);
    }

    private void dump(Container found, Path archive, Duration timeout) {
        String id = found.id();
        containers.locks.shared(id, () -> {
            Container c = containers
                    .get(id)
                    .orElseThrow(
                            () -> new JcriException.NotFound("container " + id + " was removed; cannot checkpoint it"));
            requireRunning(c, "CheckpointContainer");
            ContainerRecord record = runtime.container(id)
                    .orElseThrow(() -> new JcriException.NotFound(
                            "container " + id + " has no engine record; cannot checkpoint it"));
            ContainerMetadata m = c.metadata();
            checkpoints.checkpoint(new ContainerCheckpoints.Request(
                    id,
                    archive,
                    timeout,
                    record.ociSpecJson(),
                    configDump(c, record),
                    record.snapshotter().isEmpty() ? m.snapshotter() : record.snapshotter(),
                    m.logPath().isEmpty() ? null : Path.of(m.logPath())));
            return null;
        });
    }

    /** The container's CRI metadata as {@code config.dump} holds it. */
    private String configDump(Container c, ContainerRecord record) {
        ContainerMetadata m = c.metadata();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("id", m.id());
        config.put("name", m.name());
        config.put("attempt", m.attempt());
        config.put("podSandboxId", m.sandboxId());
        config.put("rootfsImage", record.image());
        config.put("rootfsImageRef", m.imageId());
        config.put("rootfsImageName", m.imageName());
        config.put("runtime", record.runtime().type());
        config.put("runtimeHandler", m.runtimeHandler());
        config.put("createdTime", m.createdAt().toString());
        config.put("checkpointedTime", clock.instant().toString());
        config.put("labels", new LinkedHashMap<>(m.labels()));
        config.put("annotations", new LinkedHashMap<>(m.annotations()));
        config.put("logPath", m.logPath());
        config.put("tty", m.tty());
        config.put("stdin", m.stdin());
        return Json.write(config);
    }

    @Override
    public void checkpointPod(CheckpointPodCommand command) {
        String what = "CheckpointPod of pod sandbox " + command.sandboxId();
        if (command.sandboxId().isEmpty()) {
            throw new JcriException.InvalidArgument("CheckpointPod: pod_sandbox_id is empty");
        }
        String sandboxId = sandboxes.resolve(command.sandboxId()).id();
        Path dir = location(what, "output_path", command.outputPath());
        List<Container> chosen = podContainers(sandboxId, command.containerIds());
        if (chosen.isEmpty()) {
            throw new JcriException.FailedPrecondition(what + ": the pod has no running container to checkpoint");
        }
        for (Container c : chosen) {
            requireRunning(c, "CheckpointPod");
            checkpoints.checkWritable(dir.resolve(c.metadata().name() + ".tar"));
        }
        requireCriu(what);
        for (Container c : chosen) {
            dump(c, dir.resolve(c.metadata().name() + ".tar"), DEFAULT_TIMEOUT);
        }
    }

    private List<Container> podContainers(String sandboxId, List<String> ids) {
        List<Container> chosen = new ArrayList<>();
        if (ids.isEmpty()) {
            containers.inSandbox(sandboxId).stream().filter(Container::running).forEach(chosen::add);
            return chosen;
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id.isEmpty()) {
                throw new JcriException.InvalidArgument(
                        "CheckpointPod " + sandboxId + ": container_ids[" + i + "] is empty");
            }
            Container c = containers.resolve(id);
            if (!c.sandboxId().equals(sandboxId)) {
                throw new JcriException.InvalidArgument("CheckpointPod: container " + c.id()
                        + " belongs to pod sandbox " + c.sandboxId() + ", not to " + sandboxId);
            }
            chosen.add(c);
        }
        return chosen;
    }

    @Override
    public RestoredPod restorePod(RestorePodCommand command) {
        String what = "RestorePod from " + command.checkpointPath();
        location("RestorePod", "checkpoint_path", command.checkpointPath());
        if (!command.configGiven() || command.podName().isEmpty()) {
            throw new JcriException.InvalidArgument(
                    what + ": the request has no pod sandbox config with metadata.name to restore into");
        }
        requireCriu(what);
        throw new JcriException.FailedPrecondition(what + ": restoring from a checkpoint is not supported by jcri"
                + " (CRIU is usable here; only checkpoints are written)");
    }

    @Override
    public void refuseRestore(String containerName, String image, Map<String, String> annotations) {
        String name = image == null ? "" : image;
        boolean archive = name.startsWith("/"); // no image reference starts so: a file path
        boolean annotated = annotations != null && annotations.containsKey(CHECKPOINT_ANNOTATION);
        if (!archive && !annotated) {
            return;
        }
        String what = "CreateContainer \"" + containerName + "\": image \"" + name + "\" is "
                + (archive ? "a checkpoint archive path" : "annotated " + CHECKPOINT_ANNOTATION)
                + "; restoring a container from a checkpoint";
        requireCriu(what);
        throw new JcriException.FailedPrecondition(what + " is not supported by jcri (no container created)");
    }

    @Override
    public Map<String, Object> statusInfo() {
        return statusInfo(checkpoints);
    }

    /** What Status' verbose info says under {@code checkpoint}: CRIU's verdict, and that restore is not built. */
    public static Map<String, Object> statusInfo(ContainerCheckpoints checkpoints) {
        ContainerCheckpoints.CriuVerdict v = checkpoints.criu();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("criuUsable", v.usable());
        info.put("criuCheck", v.verdict());
        info.put("restore", false);
        return info;
    }

    private void requireCriu(String what) {
        ContainerCheckpoints.CriuVerdict v = checkpoints.criu();
        if (!v.usable()) {
            throw new JcriException.FailedPrecondition(
                    what + ": CRIU cannot checkpoint on this node; `criu check` says: " + v.verdict());
        }
    }

    private static void requireRunning(Container c, String verb) {
        if (!(c.state() instanceof ContainerState.Running)) {
            throw new JcriException.FailedPrecondition(verb + ": container " + c.id() + " (\""
                    + c.metadata().name() + "\") is " + c.state().phase().label() + describe(c.state())
                    + "; only a running container can be checkpointed");
        }
    }

    private static String describe(ContainerState s) {
        if (s instanceof ContainerState.Exited e) {
            return " (exit code " + e.exitCode() + " at " + e.finishedAt() + ")";
        }
        if (s instanceof ContainerState.Unknown u && !u.message().isEmpty()) {
            return " (" + u.message() + ")";
        }
        return "";
    }

    private static Path location(String what, String field, String value) {
        if (value.isBlank()) {
            throw new JcriException.InvalidArgument(what + ": " + field + " is empty; give an absolute path");
        }
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            throw new JcriException.InvalidArgument(
                    what + ": " + field + " \"" + value + "\" is not a valid path: " + e.getReason());
        }
        if (!p.isAbsolute()) {
            throw new JcriException.InvalidArgument(
                    what + ": " + field + " \"" + value + "\" is a relative path; give an absolute path");
        }
        if (p.normalize().getNameCount() != p.getNameCount()) {
            throw new JcriException.InvalidArgument(
                    what + ": " + field + " \"" + value + "\" contains . or ..; give a plain absolute path");
        }
        return p;
    }
}
