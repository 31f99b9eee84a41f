package io.jcri.ports.application.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.container.ContainerServiceTest;
import io.jcri.ports.application.stats.StatsServiceTest;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerCheckpoints;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.in.Checkpointing;
import io.jcri.ports.in.Checkpointing.CheckpointContainerCommand;
import io.jcri.ports.in.Checkpointing.CheckpointPodCommand;
import io.jcri.ports.in.Checkpointing.RestorePodCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContainerCheckpointingTest {
    private static final String POD = StatsServiceTest.POD;
    private static final String VERDICT = "Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds";
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private final Containers containers = new Containers();
    private final Sandboxes sandboxes = new Sandboxes();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final FakeContainerCheckpoints checkpoints = new FakeContainerCheckpoints();
    private final Checkpointing service =
            new ContainerCheckpointing(containers, sandboxes, runtime, checkpoints, Clock.fixed(T0, ZoneOffset.UTC));

    @BeforeEach
    void setUp() {
        sandboxes.put(ContainerServiceTest.sandbox(POD, SandboxState.READY));
        add("c-run", "web", new ContainerState.Running(42, T0.minusSeconds(5)));
        add("c-exit", "job", new ContainerState.Exited(T0.minusSeconds(9), T0.minusSeconds(3), 0, "Completed", ""));
        add("c-new", "init", ContainerState.CREATED);
    }

    private void add(String id, String name, ContainerState state) {
        containers.put(StatsServiceTest.container(id, name, state));
        runtime.createContainer(new NewContainerRecord(
                id,
                "docker.io/library/busybox:latest",
                new OciRuntime(OciRuntime.RUNC_V2, "runc", "", false),
                "{\"ociVersion\":\"1.1.0\"}",
                "overlayfs",
                id,
                Map.of(),
                Map.of(),
                List.of()));
    }

    private static CheckpointContainerCommand cmd(String id, String location) {
        return new CheckpointContainerCommand(id, location, Duration.ZERO);
    }

    @Test
    void aRunningContainerIsDumpedWithItsSpecConfigAndDefaultTimeout() {
        service.checkpointContainer(cmd("c-run", "/var/lib/ckpt/web.tar"));
        assertThat(checkpoints.dumped).hasSize(1);
        var r = checkpoints.dumped.get(0);
        assertThat(r.containerId()).isEqualTo("c-run");
        assertThat(r.archive()).isEqualTo(Path.of("/var/lib/ckpt/web.tar"));
        assertThat(r.timeout()).isEqualTo(ContainerCheckpointing.DEFAULT_TIMEOUT);
        assertThat(r.ociSpecJson()).isEqualTo("{\"ociVersion\":\"1.1.0\"}");
        assertThat(r.snapshotter()).isEqualTo("overlayfs");
        assertThat(r.configJson())
                .contains("\"id\":\"c-run\"", "\"name\":\"web\"", "\"podSandboxId\":\"" + POD + "\"")
                .contains("\"rootfsImage\":\"docker.io/library/busybox:latest\"")
                .contains("\"checkpointedTime\":\"2026-01-02T03:04:05Z\"");
        assertThat(containers.get("c-run").orElseThrow().running())
                .as("left running")
                .isTrue();
    }

    @Test
    void anUnknownContainerIsNotFound() {
        assertThatThrownBy(() -> service.checkpointContainer(cmd("nope", "/tmp/x.tar")))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("container \"nope\" not found");
        assertThatThrownBy(() -> service.checkpointContainer(cmd("", "/tmp/x.tar")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("container_id is empty");
    }

    @Test
    void aContainerThatIsNotRunningIsAFailedPreconditionNamingItAndItsState() {
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-exit", "/tmp/x.tar")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("container c-exit (\"job\") is CONTAINER_EXITED (exit code 0");
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-new", "/tmp/x.tar")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("container c-new (\"init\") is CONTAINER_CREATED");
        assertThat(checkpoints.dumped).isEmpty();
    }

    @Test
    void badLocationsAreInvalidArgumentsNamingThePathAndTheReason() {
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-run", "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("location is empty");
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-run", "ckpt/web.tar")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("location \"ckpt/web.tar\" is a relative path");
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-run", "/tmp/../etc/web.tar")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("contains . or ..");
        checkpoints.unwritable(Path.of("/ro/web.tar"), "the directory /ro is on a read-only file system");
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-run", "/ro/web.tar")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("/ro/web.tar: the directory /ro is on a read-only file system");
        assertThat(checkpoints.dumped).isEmpty();
    }

    @Test
    void criuThatCannotRunIsAFailedPreconditionQuotingCriuCheck() {
        checkpoints.verdict(false, VERDICT);
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-run", "/tmp/x.tar")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("CheckpointContainer of container c-run")
                .hasMessageContaining("`criu check` says: " + VERDICT);
        assertThat(checkpoints.dumped).isEmpty();
        assertThat(service.statusInfo()).containsEntry("criuUsable", false).containsEntry("criuCheck", VERDICT);
    }

    @Test
    void aFailedDumpKeepsItsKindAndTheContainerRuns() {
        checkpoints.failDump(new JcriException.FailedPrecondition("containerd Tasks.Checkpoint: criu failed"));
        assertThatThrownBy(() -> service.checkpointContainer(cmd("c-run", "/tmp/x.tar")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("criu failed");
        assertThat(containers.get("c-run").orElseThrow().running()).isTrue();
    }

    @Test
    void checkpointPodValidatesThenQuotesCriu() {
        assertThatThrownBy(() -> service.checkpointPod(new CheckpointPodCommand("", "/tmp/p", List.of())))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("pod_sandbox_id is empty");
        assertThatThrownBy(() -> service.checkpointPod(new CheckpointPodCommand("nopod", "/tmp/p", List.of())))
                .isInstanceOf(JcriException.NotFound.class);
        assertThatThrownBy(() -> service.checkpointPod(new CheckpointPodCommand(POD, "rel", List.of())))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("output_path \"rel\" is a relative path");
        assertThatThrownBy(() -> service.checkpointPod(new CheckpointPodCommand(POD, "/tmp/p", List.of("c-exit", ""))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("container_ids[1] is empty");
        assertThatThrownBy(() -> service.checkpointPod(new CheckpointPodCommand(POD, "/tmp/p", List.of("c-exit"))))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("CONTAINER_EXITED");
        checkpoints.verdict(false, VERDICT);
        assertThatThrownBy(() -> service.checkpointPod(new CheckpointPodCommand(POD, "/tmp/p", List.of())))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("`criu check` says: " + VERDICT);
        checkpoints.verdict(true, "Looks good.");
        service.checkpointPod(new CheckpointPodCommand(POD, "/tmp/p", List.of()));
        assertThat(checkpoints.dumped).extracting(r -> r.archive().toString()).containsExactly("/tmp/p/web.tar");
    }

    @Test
    void restorePodValidatesThenQuotesCriuOrSaysRestoreIsNotBuilt() {
        assertThatThrownBy(() -> service.restorePod(new RestorePodCommand("", true, "web", "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("checkpoint_path is empty");
        assertThatThrownBy(() -> service.restorePod(new RestorePodCommand("/tmp/p", false, "", "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("no pod sandbox config");
        checkpoints.verdict(false, VERDICT);
        assertThatThrownBy(() -> service.restorePod(new RestorePodCommand("/tmp/p", true, "web", "")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("`criu check` says: " + VERDICT);
        checkpoints.verdict(true, "Looks good.");
        assertThatThrownBy(() -> service.restorePod(new RestorePodCommand("/tmp/p", true, "web", "")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("restoring from a checkpoint is not supported");
    }

    @Test
    void createContainerFromACheckpointIsRefusedAndAnOrdinaryImageIsNot() {
        service.refuseRestore("web", "docker.io/library/busybox:1.36", Map.of());
        checkpoints.verdict(false, VERDICT);
        assertThatThrownBy(() -> service.refuseRestore("web", "/var/lib/kubelet/checkpoints/c.tar", Map.of()))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("is a checkpoint archive path")
                .hasMessageContaining("`criu check` says: " + VERDICT);
        checkpoints.verdict(true, "Looks good.");
        assertThatThrownBy(() -> service.refuseRestore(
                        "web", "localhost/ckpt:1", Map.of(ContainerCheckpointing.CHECKPOINT_ANNOTATION, "web")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("not supported by jcri (no container created)");
    }

    @Test
    void statusInfoSaysWhetherCriuIsUsable() {
        assertThat(service.statusInfo()).containsEntry("criuUsable", true).containsEntry("criuCheck", "Looks good.");
        Container unchanged = containers.get("c-run").orElseThrow();
        assertThat(unchanged.running()).isTrue();
    }
}
