package io.jcri.ports.application.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxPaths;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.StdStream;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerDocuments;
import io.jcri.ports.fakes.FakeContainerHost;
import io.jcri.ports.fakes.FakeContainerIo;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakeContainerStatusFiles;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.fakes.FakeImageVolumeMounts;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.ContainerLifecycle.CreateCommand;
import io.jcri.ports.in.ContainerLifecycle.Filter;
import io.jcri.ports.out.NodeResourcePlugins;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class ContainerServiceTest {
    public static final String SNAPSHOTTER = "overlayfs";
    static final Path FIFOS = Path.of("/run/jcri/io/containers");
    public static final String SANDBOX = "s".repeat(64);

    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakeContainerIo io = new FakeContainerIo();
    final FakeContainerStatusFiles files = new FakeContainerStatusFiles();
    final FakeContainerDocuments documents = new FakeContainerDocuments();
    final FakeContainerHost host = new FakeContainerHost();
    final FakeImageManagement images = new FakeImageManagement() {
        @Override
        public Optional<Image> status(String reference) {
            return reference.startsWith("missing")
                    ? Optional.empty()
                    : Optional.of(ensure(reference, RegistryAuth.NONE));
        }
    };
    final FakeImageVolumeMounts volumeMounts = new FakeImageVolumeMounts();
    final Sandboxes sandboxes = new Sandboxes();
    Containers containers;
    ContainerExits exits;
    ImageVolumes imageVolumes;
    ContainerService service;
    Function<String, HandlerFeatures> features = handler -> HandlerFeatures.NONE;
    /** The node resource plugins the next {@link #boot} gives the service. */
    NodeResourcePlugins plugins = NodeResourcePlugins.NONE;

    @BeforeEach
    void setUp() {
        runtime.prepareSnapshot(SNAPSHOTTER, "tmp", "", Map.of());
        runtime.commitSnapshot(SNAPSHOTTER, FakeImageManagement.CHAIN_ID, "tmp", Map.of());
        sandboxes.put(sandbox(SANDBOX, SandboxState.READY));
        boot();
    }

    /** A fresh service over the same engine, files and documents: a jcri (re)start. */
    void boot() {
        if (exits != null) {
            exits.close();
        }
        containers = new Containers();
        exits = new ContainerExits(
                runtime,
                files,
                containers,
                Clock.systemUTC(),
                new EventBus(),
                ContainerExits.StopListener.plugins(plugins, sandboxes));
        imageVolumes = new ImageVolumes(runtime, images, volumeMounts);
        service = new ContainerService(
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
                Clock.systemUTC(),
                new ContainerService.Settings(SNAPSHOTTER, h -> OciRuntime.runcV2(), FIFOS, features),
                new EventBus(),
                plugins,
                ContainerService.RestoreCheck.NONE);
        runtime.subscribe(exits);
    }

    /** Start-up recovery's container steps: the records, then the sweep of leftovers. */
    int recover() {
        ContainerRecovery recovery = containerRecovery();
        int n = recovery.recover();
        recovery.sweepLeftovers();
        return n;
    }

    ContainerRecovery containerRecovery() {
        return new ContainerRecovery(
                runtime, io, files, documents, containers, exits, Clock.systemUTC(), FIFOS, sandboxes);
    }

    @AfterEach
    void tearDown() {
        exits.close();
    }

    public static Sandbox sandbox(String id, SandboxState state) {
        SandboxConfig config = SandboxConfig.builder("web", "uid-1", "default")
                .logDirectory("/var/log/pods/default_web_uid-1")
                .build();
        return new Sandbox(
                id,
                config,
                "runc",
                "pause",
                Instant.now(),
                state,
                100,
                "/run/netns/" + id,
                null,
                "",
                new SandboxPaths(Path.of("/h"), Path.of("/hosts"), Path.of("/resolv"), Optional.of(Path.of("/shm"))),
                List.of(),
                DnsConfig.NONE);
    }

    public static ContainerConfig config(String name) {
        return ContainerConfig.builder(name, "busybox:latest")
                .command(List.of("sh", "-c", "sleep 100"))
                .labels(Map.of("app", name))
                .logPath(name + "/0.log")
                .build();
    }

    String create(String name) {
        return service.create(new CreateCommand(SANDBOX, config(name), ""));
    }

    Container get(String id) {
        return service.status(id, false).container();
    }

    public static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void createMakesACreatedContainerWithItsRecordSnapshotAndStatusFile() {
        String id = create("app");
        Container c = get(id);
        assertThat(c.state()).isEqualTo(ContainerState.CREATED);
        assertThat(c.metadata().logPath()).isEqualTo("/var/log/pods/default_web_uid-1/app/0.log");
        assertThat(c.metadata().stopSignal()).isEqualTo(15);
        assertThat(files.read(id)).contains(ContainerState.CREATED);
        var record = runtime.container(id).orElseThrow();
        assertThat(record.labels())
                .containsEntry(ContainerLabels.KIND, "container")
                .containsEntry(ContainerLabels.SANDBOX_ID, SANDBOX)
                .containsEntry(ContainerLabels.NAME, "app");
        assertThat(record.ociSpecJson())
                .contains("\"io.kubernetes.cri.container-type\":\"container\"")
                .contains("\"io.kubernetes.cri.sandbox-id\":\"" + SANDBOX + "\"")
                .contains("\"sleep 100\"");
        assertThat(runtime.leftovers()).containsExactlyInAnyOrder("container:" + id, "snapshot:overlayfs/" + id);
    }

    @Test
    void aSecondContainerWithTheSameNameInTheSandboxIsRefused() {
        create("app");
        assertThatThrownBy(() -> create("app"))
                .isInstanceOf(JcriException.AlreadyExists.class)
                .hasMessageContaining("app_" + SANDBOX + "_0");
    }

    @Test
    void createInAMissingOrStoppedSandboxFails() {
        assertThatThrownBy(() -> service.create(new CreateCommand("nope", config("app"), "")))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("pod sandbox nope");
        sandboxes.put(sandbox("t".repeat(64), SandboxState.NOT_READY));
        assertThatThrownBy(() -> service.create(new CreateCommand("t".repeat(64), config("app"), "")))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("is not ready");
    }

    @Test
    void aFailedCreateUndoesEverythingAndFreesTheName() {
        runtime.failNext("createContainer", new JcriException.InvalidArgument("bad spec"));
        assertThatThrownBy(() -> create("app")).hasMessageContaining("bad spec");
        assertThat(runtime.leftovers()).isEmpty();
        assertThat(files.byId).isEmpty();
        assertThat(service.list(Filter.ALL)).isEmpty();
        assertThat(get(create("app")).state()).isEqualTo(ContainerState.CREATED);
    }

    @Test
    void aRecursiveReadOnlyMountGetsRroOnlyWhenTheSandboxsHandlerCanDoIt() {
        ContainerMount rro = new ContainerMount("/mnt", "/data", true, MountPropagation.PRIVATE, true);
        ContainerConfig cfg = config("app").toBuilder().mounts(List.of(rro)).build();
        assertThatThrownBy(() -> service.create(new CreateCommand(SANDBOX, cfg, "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("mount at \"/mnt\"");
        assertThat(runtime.leftovers()).isEmpty();

        features = handler -> handler.equals("runc") ? new HandlerFeatures(true) : HandlerFeatures.NONE;
        boot();
        String id = service.create(new CreateCommand(SANDBOX, cfg, ""));
        assertThat(runtime.container(id).orElseThrow().ociSpecJson()).contains("\"rro\"");
        assertThat(get(id).metadata().mounts()).containsExactly(rro);
    }

    @Test
    void aMissingImageIsNotFound() {
        var cfg = ContainerConfig.builder("app", "missing:1").build();
        assertThatThrownBy(() -> service.create(new CreateCommand(SANDBOX, cfg, "")))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("missing:1");
        assertThat(runtime.leftovers()).isEmpty();
    }

    @Test
    void startRunsTheTaskWithItsLogAndRecordsPidAndStartTime() {
        String id = create("app");
        service.start(id);
        Container c = get(id);
        assertThat(c.state()).isInstanceOf(ContainerState.Running.class);
        assertThat(c.pid()).isPositive();
        assertThat(files.read(id)).contains(c.state());
        io.stdio(id).write(StdStream.STDOUT, "hello");
        assertThat(io.stdio(id).logLines()).containsExactly("stdout F hello");
        assertThatThrownBy(() -> service.start(id))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("CONTAINER_RUNNING");
    }

    @Test
    void aContainerOfAStoppedPodDoesNotStart() {
        String id = create("app");
        sandboxes.update(SANDBOX, Sandbox::stopped);
        assertThatThrownBy(() -> service.start(id))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("container " + id)
                .hasMessageContaining("pod sandbox " + SANDBOX + " is not ready");
        assertThat(runtime.task(id)).isEmpty();
    }

    @Test
    void aPodStoppedWhileItsContainerStartsMakesTheStartAFailedPreconditionNotInternal() {
        String id = create("app");
        runtime.beforeNext("createTask", () -> sandboxes.update(SANDBOX, Sandbox::stopped));
        runtime.failNext(
                "createTask", new JcriException.Internal("namespace path: lstat /proc/9/ns/ipc: no such file"));
        assertThatThrownBy(() -> service.start(id))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("pod sandbox " + SANDBOX + " stopped meanwhile")
                .hasMessageContaining("lstat /proc/9/ns/ipc");
        assertThat(get(id).state()).isInstanceOf(ContainerState.Exited.class);
    }

    @Test
    void aStartThatFailsLeavesTheContainerExitedWithTheRuntimesMessage() {
        String id = create("app");
        runtime.failNext("startTask", new JcriException.InvalidArgument("exec: \"nope\": not found"));
        assertThatThrownBy(() -> service.start(id)).hasMessageContaining("not found");
        ContainerState.Exited e = (ContainerState.Exited) get(id).state();
        assertThat(e.reason()).isEqualTo("StartError");
        assertThat(e.exitCode()).isEqualTo(128);
        assertThat(e.message()).contains("exec: \"nope\": not found");
        assertThat(io.openIds()).doesNotContain(id);
        assertThat(runtime.task(id)).isEmpty();
    }

    @Test
    void exitEventsRecordCodeReasonAndCloseTheLog() {
        String id = create("app");
        service.start(id);
        runtime.exit(id, 3);
        await(() -> get(id).exited());
        ContainerState.Exited e = (ContainerState.Exited) get(id).state();
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("Error");
        assertThat(e.startedAt()).isNotNull();
        assertThat(io.openIds()).doesNotContain(id);
        assertThat(files.read(id)).contains(e);
    }

    @Test
    void anExitDeletesTheTaskSoRemoveHasNothingToWaitFor() {
        String byEvent = create("by-event");
        service.start(byEvent);
        runtime.exit(byEvent, 0);
        await(() -> get(byEvent).exited() && runtime.task(byEvent).isEmpty());
        String stopped = create("stopped");
        service.start(stopped);
        service.stop(stopped, Duration.ofSeconds(5));
        assertThat(runtime.task(stopped)).as("task of a stopped container").isEmpty();
        assertThat(get(stopped).exited()).isTrue();
        assertThat(files.read(stopped)).contains(get(stopped).state());
        service.remove(stopped);
        assertThat(runtime.leftovers()).noneMatch(l -> l.contains(stopped));
    }

    @Test
    void aStopWhoseExitEventCameFirstStillLeavesNoTask() {
        String id = create("app");
        service.start(id);
        // the process exits on the stop signal and its event is applied before the stop's own wait
        runtime.beforeNext("waitTask", () -> await(() -> get(id).exited()));
        service.stop(id, Duration.ofSeconds(5));
        assertThat(runtime.task(id)).as("task when StopContainer returns").isEmpty();
    }

    @Test
    void removeAfterStopMakesNoSecondTaskDelete() {
        String id = create("app");
        service.start(id);
        service.stop(id, Duration.ofSeconds(5));
        assertThat(runtime.task(id)).isEmpty();
        // a task delete now would fail the remove: StopContainer has deleted the task already
        runtime.failNext("deleteTask", new JcriException.Internal("deleteTask called again for " + id));
        service.remove(id);
        assertThat(service.list(ContainerLifecycle.Filter.ALL)).isEmpty();
        assertThat(runtime.leftovers()).noneMatch(l -> l.contains(id));
    }

    @Test
    void anOomEventBeforeTheExitMakesItOomKilled() {
        String id = create("app");
        service.start(id);
        runtime.oom(id);
        runtime.exit(id, 137);
        await(() -> get(id).exited());
        assertThat(((ContainerState.Exited) get(id).state()).reason()).isEqualTo("OOMKilled");
    }

    @Test
    void stopKillsAProcessThatIgnoresTheStopSignalAfterTheTimeout() {
        String id = create("app");
        service.start(id);
        runtime.trap(id, 15);
        long t0 = System.nanoTime();
        service.stop(id, Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        ContainerState.Exited e = (ContainerState.Exited) get(id).state();
        assertThat(e.exitCode()).isEqualTo(137);
        service.stop(id, Duration.ofSeconds(10));
        service.stop("0".repeat(64), Duration.ofSeconds(10));
        assertThat(get(id).state()).isEqualTo(e);
    }

    @Test
    void stopUsesTheCriStopSignal() {
        String id = service.create(new CreateCommand(SANDBOX, config("app"), "SIGINT"));
        assertThat(get(id).metadata().stopSignal()).isEqualTo(2);
        service.start(id);
        service.stop(id, Duration.ofSeconds(5));
        assertThat(((ContainerState.Exited) get(id).state()).exitCode()).isEqualTo(128 + 2);
    }

    @Test
    void removeDeletesTaskRecordSnapshotFifosAndStatusButIsIdempotent() {
        String id = create("app");
        service.start(id);
        service.remove(id);
        assertThat(runtime.leftovers()).isEmpty();
        assertThat(files.byId).isEmpty();
        assertThat(io.openIds()).isEmpty();
        assertThat(service.list(Filter.ALL)).isEmpty();
        assertThatThrownBy(() -> service.status(id, false)).isInstanceOf(JcriException.NotFound.class);
        service.remove(id);
        service.remove("0".repeat(64));
        assertThat(get(create("app")).state()).isEqualTo(ContainerState.CREATED);
    }

    @Test
    void listFiltersByIdPrefixStateSandboxAndLabels() {
        String a = create("a");
        String b = create("b");
        service.start(b);
        assertThat(service.list(Filter.ALL)).extracting(Container::id).containsExactly(a, b);
        assertThat(service.list(new Filter(a.substring(0, 12), Set.of(), "", Map.of())))
                .extracting(Container::id)
                .containsExactly(a);
        assertThat(service.list(new Filter("", Set.of(ContainerState.Phase.RUNNING), "", Map.of())))
                .extracting(Container::id)
                .containsExactly(b);
        assertThat(service.list(new Filter("", Set.of(), SANDBOX.substring(0, 5), Map.of("app", "a"))))
                .extracting(Container::id)
                .containsExactly(a);
        assertThat(service.list(new Filter("", Set.of(), "other", Map.of()))).isEmpty();
        assertThat(service.list(new Filter("zzz", Set.of(), "", Map.of()))).isEmpty();
    }

    @Test
    void verboseStatusCarriesPidAndSpec() {
        String id = create("app");
        service.start(id);
        var view = service.status(id, true);
        assertThat(view.info().get("info"))
                .contains("\"pid\":" + view.container().pid())
                .contains("\"runtimeSpec\":{");
    }

    @Test
    void verboseStatusAnswersFromTheSpecKeptSinceCreationWithoutAskingTheEngine() {
        String id = create("app");
        service.start(id);
        // an engine read of the record now would fail the status
        runtime.failNext("container", new JcriException.Unavailable("containerd is slow"));
        var view = service.statusFromMemory(id, true).orElseThrow();
        assertThat(view.info().get("info"))
                .contains("\"pid\":" + view.container().pid())
                .contains("\"runtimeType\":")
                .contains("\"runtimeSpec\":{");
        assertThat(service.status(id, true).info()).isEqualTo(view.info());
        service.stop(id, Duration.ofSeconds(5));
        service.remove(id);
        assertThatThrownBy(() -> service.statusFromMemory(id, true)).isInstanceOf(JcriException.NotFound.class);
    }

    @Test
    void execSyncNeedsARunningContainerAndPassesTheCommand() {
        String id = create("app");
        var cmd = new ContainerLifecycle.ExecSyncCommand(id, List.of("echo", "hi"), Duration.ofSeconds(1));
        assertThatThrownBy(() -> service.execSync(cmd)).isInstanceOf(JcriException.FailedPrecondition.class);
        service.start(id);
        io.scriptExec(id, new ExecResult(7, "hi\n".getBytes(), new byte[0], false));
        assertThat(service.execSync(cmd).exitCode()).isEqualTo(7);
        assertThat(io.execs())
                .singleElement()
                .asString()
                .startsWith(id + ": {")
                .contains("\"args\":[\"echo\",\"hi\"]")
                .contains("\"terminal\":false");
        io.scriptExecTimeout(id);
        assertThatThrownBy(() -> service.execSync(cmd)).isInstanceOf(JcriException.DeadlineExceeded.class);
    }

    @Test
    void execSyncWithATimeoutPastAnyClockIsBoundedNotAnOverflow() {
        String id = create("app");
        service.start(id);
        io.scriptExecTimeout(id);
        var cmd = new ContainerLifecycle.ExecSyncCommand(id, List.of("sleep", "1"), Duration.ofSeconds(Long.MAX_VALUE));
        assertThatThrownBy(() -> service.execSync(cmd))
                .isInstanceOf(JcriException.DeadlineExceeded.class)
                .hasMessageContaining(Duration.ofDays(365).toMillis() + "ms");
    }

    @Test
    void aLogPathOutsideThePodsLogDirectoryIsRefusedAndNothingIsMade() {
        for (String bad : List.of("../../etc/passwd", "/tmp/x.log", "a/../../x.log", ".")) {
            ContainerConfig c = ContainerConfig.builder("app", "busybox:latest")
                    .command(List.of("sh"))
                    .logPath(bad)
                    .build();
            assertThatThrownBy(() -> service.create(new CreateCommand(SANDBOX, c, "")))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("log_path \"" + bad + "\"")
                    .hasMessageContaining("log_directory");
        }
        assertThat(runtime.listContainers(Map.of(ContainerLabels.KIND, "container")))
                .isEmpty();
        ContainerConfig ok = ContainerConfig.builder("app", "busybox:latest")
                .command(List.of("sh"))
                .logPath("app/./0.log")
                .build();
        String id = service.create(new CreateCommand(SANDBOX, ok, ""));
        assertThat(get(id).metadata().logPath()).isEqualTo("/var/log/pods/default_web_uid-1/app/0.log");
    }

    @Test
    void updateResourcesReachesTheTaskAndSurvivesARestart() {
        String id = create("app");
        service.start(id);
        LinuxResources r = LinuxResources.NONE.withMemory(64L << 20, 0);
        service.updateResources(id, r);
        assertThat(get(id).resources()).isEqualTo(r);
        boot();
        recover();
        assertThat(get(id).resources()).isEqualTo(r);
    }

    @Test
    void resourcesUpdatedBeforeTheStartReachTheTaskWhenItStarts() {
        String id = create("app");
        LinuxResources r = LinuxResources.NONE.withCpu(512, 0, 0);
        service.updateResources(id, r);
        assertThat(runtime.container(id).orElseThrow().labels()).containsKey(ContainerLabels.RESOURCES_PENDING);
        service.start(id);
        assertThat(runtime.container(id).orElseThrow().labels()).doesNotContainKey(ContainerLabels.RESOURCES_PENDING);
        assertThat(get(id).resources()).isEqualTo(r);

        String other = create("other");
        service.updateResources(other, r);
        runtime.failNext("updateTaskResources", new JcriException.InvalidArgument("cpu shares refused"));
        assertThatThrownBy(() -> service.start(other)).hasMessageContaining("cpu shares refused");
        assertThat(((ContainerState.Exited) get(other).state()).reason()).isEqualTo("StartError");
    }

    @Test
    void updateResourcesOfATaskThatEndedUnseenIsAFailedPrecondition() {
        String id = create("app");
        service.start(id);
        runtime.exitUnseen(id, 0);
        runtime.failNext("updateTaskResources", new JcriException.Internal("cannot update a stopped container"));
        assertThatThrownBy(() -> service.updateResources(id, LinuxResources.NONE.withCpu(512, 0, 0)))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining(id)
                .hasMessageContaining("not running");
    }

    @Test
    void reopenLogNeedsARunningContainer() {
        String id = create("app");
        assertThatThrownBy(() -> service.reopenLog(id)).isInstanceOf(JcriException.FailedPrecondition.class);
        service.start(id);
        service.reopenLog(id);
        assertThat(io.stdio(id).reopens()).isEqualTo(1);
    }

    @Test
    void recoveryKeepsRunningContainersRunningWithTheirLogAndRecordsExitsMissedWhileDown() {
        String running = create("running");
        String ended = create("ended");
        String created = create("created");
        service.start(running);
        service.start(ended);
        exits.close();
        runtime.exit(ended, 5);

        boot();
        assertThat(recover()).isEqualTo(3);
        assertThat(get(running).state()).isInstanceOf(ContainerState.Running.class);
        assertThat(containers.stdio(running)).isPresent();
        ContainerState.Exited e = (ContainerState.Exited) get(ended).state();
        assertThat(e.exitCode()).isEqualTo(5);
        assertThat(runtime.task(ended)).isEmpty();
        assertThat(get(created).state()).isEqualTo(ContainerState.CREATED);
        assertThatThrownBy(() -> create("running")).isInstanceOf(JcriException.AlreadyExists.class);

        runtime.exit(running, 0);
        await(() -> get(running).exited());
        assertThat(((ContainerState.Exited) get(running).state()).reason()).isEqualTo("Completed");
    }

    @Test
    void stopAllAndRemoveAllActOnTheSandboxsContainersOnly() {
        String a = create("a");
        service.start(a);
        service.stopAll(SANDBOX);
        assertThat(get(a).exited()).isTrue();
        service.removeAll(SANDBOX);
        assertThat(service.list(Filter.ALL)).isEmpty();
        assertThat(runtime.leftovers()).isEmpty();
    }
}
