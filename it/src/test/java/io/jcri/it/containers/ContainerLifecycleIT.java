package io.jcri.it.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.adapters.cni.CniPodNetwork;
import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.node.HostFactsProbe;
import io.jcri.adapters.containerd.sandbox.NodeSandboxFiles;
import io.jcri.domain.container.Capabilities;
import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.EnvVar;
import io.jcri.domain.container.ImageVolume;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.SnapshotInfo;
import io.jcri.domain.task.TaskStatus;
import io.jcri.it.Await;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.ports.application.container.ContainerExits;
import io.jcri.ports.application.container.ContainerRecovery;
import io.jcri.ports.application.container.ContainerService;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.sandbox.PodContainers;
import io.jcri.ports.application.sandbox.SandboxService;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.ContainerLifecycle.CreateCommand;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.NodeResourcePlugins;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Containers on real containerd and runc, through {@link ContainerService} wired as the app wires
 * it (the real containerd runtime, node stdio and CRI logs, status files, node reads), in a
 * host-network pod sandbox run by the real {@link SandboxService}. Images are committed busybox
 * snapshots the test makes itself. One containerd and one pod for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLifecycleIT {
    static final String SNAPSHOTTER = "overlayfs";
    static final String CHAIN = "jcri-it-busybox";

    ContainerdFixture containerd;
    ContainerdClient client;
    ContainerRuntime runtime;
    CniPodNetwork network;
    Path dir;
    Path logDir;
    ContainerExits exits;
    EventSubscription subscription;
    ContainerService containers;
    SandboxService sandboxes;
    String pod;
    LocalImages images;
    RuntimeHandlers handlers;
    ImageVolumes imageVolumes;
    Sandboxes sandboxStore;
    Containers store;

    /** Builds the container side as jcri's start-up does: store, exits, service, subscription. */
    void bootContainers() {
        store = new Containers();
        var files = ContainerdAdapters.containerStatusFiles(dir.resolve("root/containers"));
        exits = new ContainerExits(runtime, files, store, Clock.systemUTC());
        var io = ContainerdAdapters.containerIo(runtime, dir.resolve("state/io/exec"));
        imageVolumes = new ImageVolumes(
                runtime, images, ContainerdAdapters.imageVolumeMounts(dir.resolve("state/image-volumes")));
        containers = new ContainerService(
                runtime,
                io,
                files,
                ContainerdAdapters.containerDocuments(),
                ContainerdAdapters.containerHost(HostFactsProbe.probe(false)),
                images,
                imageVolumes,
                sandboxStore,
                store,
                exits,
                Clock.systemUTC(),
                new ContainerService.Settings(SNAPSHOTTER, handlers::resolve, dir.resolve("state/io/containers")),
                new EventBus(),
                NodeResourcePlugins.NONE,
                ContainerService.RestoreCheck.NONE);
        subscription = runtime.subscribe(exits);
        new ContainerRecovery(
                        runtime,
                        io,
                        files,
                        ContainerdAdapters.containerDocuments(),
                        store,
                        exits,
                        Clock.systemUTC(),
                        dir.resolve("state/io/containers"),
                        sandboxStore)
                .recover();
        imageVolumes.recover(store.list());
    }

    /** jcri's container side stops (as the app's shutdown does), {@code whileDown} runs, and it starts again. */
    void restartContainers(Runnable whileDown) {
        subscription.close();
        exits.close();
        store.detachAllStdio();
        whileDown.run();
        bootContainers();
    }

    @BeforeAll
    void start() throws Exception {
        containerd = ContainerdFixture.start();
        dir = TestDirs.create("ctrs");
        logDir = Files.createDirectories(dir.resolve("logs"));
        client = ContainerdClient.connect(containerd.socket(), "jcri-it");
        runtime = ContainerdAdapters.containerRuntime(client);
        BusyboxSnapshot.commit(runtime, SNAPSHOTTER, CHAIN);
        LocalImages images = new LocalImages();
        images.add(image("it.local/pause:1", List.of("sleep", "100000"), List.of(), ""));
        images.add(image("it.local/busybox:1", List.of(), List.of("sh"), ""));
        images.add(image("it.local/busybox-app:1", List.of(), List.of("sh"), "app"));

        RuntimeHandlers handlers = new RuntimeHandlers(Map.of("runc", OciRuntime.runcV2()), "runc");
        network = CniPodNetwork.start(
                Files.createDirectories(dir.resolve("cni")),
                List.of(Path.of("/usr/lib/cni")),
                dir.resolve("state"),
                dir);
        Sandboxes sandboxStore = new Sandboxes();
        // the container side is rebuilt on each restart: the pods' containers are whichever runs now
        PodContainers podContainers = new PodContainers() {
            @Override
            public void stopAll(String sandboxId) {
                containers.stopAll(sandboxId);
            }

            @Override
            public void removeAll(String sandboxId) {
                containers.removeAll(sandboxId);
            }
        };
        sandboxes = new SandboxService(
                sandboxStore,
                images,
                network,
                new NodeSandboxFiles(dir.resolve("root"), dir.resolve("state")),
                runtime,
                new OciSpecBuilder(HostFactsProbe.probe(false)),
                handlers,
                new SandboxService.Settings("it.local/pause:1", SNAPSHOTTER),
                Clock.systemUTC(),
                new EventBus(),
                podContainers,
                NodeResourcePlugins.NONE,
                CreationJournal.NONE);
        this.images = images;
        this.handlers = handlers;
        this.sandboxStore = sandboxStore;
        bootContainers();

        SandboxConfig config = SandboxConfig.builder("it-pod", "uid-it", "default")
                .logDirectory(logDir.toString())
                .security(SandboxSecurity.defaults()
                        .withNamespaces(SandboxSecurity.defaults().namespaces().withNetwork(NamespaceMode.NODE)))
                .build();
        pod = sandboxes.run(new SandboxLifecycle.RunCommand(config, "", List.of(), DnsConfig.NONE));
    }

    @AfterAll
    void stop() {
        try {
            if (pod != null) {
                sandboxes.stop(pod);
                sandboxes.remove(pod);
            }
        } finally {
            subscription.close();
            exits.close();
            network.close();
            client.close();
            containerd.close();
            TestDirs.delete(dir);
        }
    }

    static Image image(String name, List<String> entrypoint, List<String> cmd, String user) {
        String id = "sha256:" + Integer.toHexString(name.hashCode()).repeat(8).substring(0, 64);
        return new Image(
                id,
                List.of(name),
                List.of(),
                1,
                new ImageConfig(
                        entrypoint,
                        cmd,
                        List.of("PATH=/bin", "FROM_IMAGE=yes"),
                        "/",
                        user,
                        "",
                        Map.of(),
                        List.of(),
                        List.of()),
                CHAIN,
                false,
                "{}");
    }

    static ContainerConfig.Builder config(String name, String script) {
        return ContainerConfig.builder(name, "it.local/busybox:1")
                .command(List.of("sh", "-c"))
                .args(List.of(script))
                .logPath(name + ".log");
    }

    String run(ContainerConfig config) {
        String id = containers.create(new CreateCommand(pod, config, ""));
        containers.start(id);
        return id;
    }

    Container awaitExit(String id) {
        Await.until(
                Duration.ofSeconds(20),
                "container " + id + " to exit",
                () -> containers.status(id, false).container().exited());
        return containers.status(id, false).container();
    }

    static ContainerState.Exited exited(Container c) {
        return (ContainerState.Exited) c.state();
    }

    String log(String name) {
        try {
            return Files.readString(logDir.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The messages of the log's stdout lines, in order. */
    List<String> stdout(String name) {
        return log(name)
                .lines()
                .filter(l -> l.split(" ", 4)[1].equals("stdout"))
                .map(l -> l.split(" ", 4).length > 3 ? l.split(" ", 4)[3] : "")
                .toList();
    }

    @Test
    void commandArgsEnvAndWorkingDirAreHonoured() throws Exception {
        String id = run(config("basics", "echo $FOO $FROM_IMAGE; pwd")
                .envs(List.of(new EnvVar("FOO", "bar")))
                .workingDir("/tmp")
                .build());
        ContainerState.Exited e = exited(awaitExit(id));
        assertThat(e.exitCode()).isZero();
        assertThat(e.reason()).isEqualTo("Completed");
        assertThat(e.startedAt()).isNotNull();
        assertThat(stdout("basics")).containsExactly("bar yes", "/tmp");
    }

    @Test
    void runsAsAUidAUsernameAGroupAndTheImagesUser() throws Exception {
        run(config("uid", "id -u")
                .security(ContainerSecurity.builder().runAsUser(1000L).build())
                .build());
        run(config("username", "id")
                .security(ContainerSecurity.builder().runAsUsername("app").build())
                .build());
        run(config("group", "id -u; id -g")
                .security(ContainerSecurity.builder()
                        .runAsUser(1000L)
                        .runAsGroup(50L)
                        .build())
                .build());
        run(config("strict", "id -G")
                .security(ContainerSecurity.builder()
                        .runAsUsername("app")
                        .supplementalGroups(List.of(4000L))
                        .strictSupplementalGroups(true)
                        .build())
                .build());
        run(ContainerConfig.builder("imageuser", "it.local/busybox-app:1")
                .command(List.of("id", "-u"))
                .logPath("imageuser.log")
                .build());
        for (String name : List.of("uid", "username", "group", "strict", "imageuser")) {
            Await.until(
                    Duration.ofSeconds(20),
                    name + " output",
                    () -> !stdout(name).isEmpty());
        }
        assertThat(stdout("uid")).containsExactly("1000");
        assertThat(stdout("username"))
                .singleElement()
                .asString()
                .startsWith("uid=1000(app) gid=1000(app)")
                .contains("50(staff)");
        assertThat(stdout("group")).containsExactly("1000", "50");
        assertThat(stdout("strict")).containsExactly("1000 4000");
        assertThat(stdout("imageuser")).containsExactly("1000");
    }

    @Test
    void aReadonlyRootfsRefusesWritesAndADroppedCapabilityIsGone() throws Exception {
        String ro = run(config("readonly", "touch /x")
                .security(ContainerSecurity.builder().readonlyRootfs(true).build())
                .build());
        assertThat(exited(awaitExit(ro)).exitCode()).isEqualTo(1);
        assertThat(log("readonly")).contains("stderr F touch: /x: Read-only file system");

        run(config("withchown", "grep CapEff /proc/self/status").build());
        run(config("nochown", "grep CapEff /proc/self/status")
                .security(ContainerSecurity.builder()
                        .capabilities(Capabilities.of(List.of(), List.of("CHOWN")))
                        .build())
                .build());
        Await.until(
                Duration.ofSeconds(20),
                "capability output",
                () -> !stdout("withchown").isEmpty() && !stdout("nochown").isEmpty());
        long with = Long.parseLong(stdout("withchown").get(0).split("\\s+")[1], 16);
        long without = Long.parseLong(stdout("nochown").get(0).split("\\s+")[1], 16);
        assertThat(with & 1).isEqualTo(1);
        assertThat(without & 1).isZero();
    }

    @Test
    void aMemoryLimitShowsInTheCgroupAndExceedingItIsOomKilled() throws Exception {
        String id = run(config("limited", "sleep 100")
                .resources(LinuxResources.NONE.withMemory(64L << 20, 0))
                .build());
        Path cg = Path.of("/sys/fs/cgroup/memory/jcri", id, "memory.limit_in_bytes");
        if (!Files.exists(Path.of("/sys/fs/cgroup/memory"))) {
            cg = Path.of("/sys/fs/cgroup/jcri", id, "memory.max");
        }
        assertThat(Files.readString(cg).strip()).isEqualTo(Long.toString(64L << 20));
        containers.updateResources(id, LinuxResources.NONE.withMemory(96L << 20, 0));
        assertThat(Files.readString(cg).strip()).isEqualTo(Long.toString(96L << 20));
        containers.stop(id, Duration.ZERO);

        String oom = run(config("oom", "dd if=/dev/zero of=/dev/null bs=200M count=1")
                .resources(LinuxResources.NONE.withMemory(32L << 20, 32L << 20))
                .build());
        ContainerState.Exited e = exited(awaitExit(oom));
        assertThat(e.reason()).isEqualTo("OOMKilled");
        assertThat(e.exitCode()).isEqualTo(137);
    }

    @Test
    void theLogHoldsCriLinesForBothStreamsAndSplitsLongLines() throws Exception {
        String id = run(config("logs", "echo out; echo err >&2; head -c 20000 /dev/zero | tr '\\0' a; echo; echo end")
                .build());
        awaitExit(id);
        List<String> lines = log("logs").lines().toList();
        assertThat(lines)
                .allSatisfy(
                        l -> assertThat(l)
                                .matches(
                                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d) (stdout|stderr) [PF] .*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(" stdout F out"));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(" stderr F err"));
        List<String> longParts = lines.stream()
                .filter(l -> l.contains(" stdout ") && l.endsWith("a"))
                .toList();
        assertThat(longParts.size()).isGreaterThan(1);
        assertThat(longParts.subList(0, longParts.size() - 1))
                .allSatisfy(l -> assertThat(l).contains(" stdout P "));
        assertThat(longParts.get(longParts.size() - 1)).contains(" stdout F ");
        String joined =
                String.join("", longParts.stream().map(l -> l.split(" ", 4)[3]).toList());
        assertThat(joined).isEqualTo("a".repeat(20000));
        // stdout and stderr are copied by separate readers: only each stream's own order is kept
        List<String> out = stdout("logs");
        assertThat(out.get(0)).isEqualTo("out");
        assertThat(out.get(out.size() - 1)).isEqualTo("end");
    }

    @Test
    void anExitCodeIsRecorded() {
        String id = run(config("three", "exit 3").build());
        ContainerState.Exited e = exited(awaitExit(id));
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("Error");
        assertThat(e.finishedAt()).isAfterOrEqualTo(e.startedAt());
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() {
        String id = run(config("stubborn", "trap '' TERM; echo ready; while true; do sleep 1; done")
                .build());
        Await.until(
                Duration.ofSeconds(10),
                "the trap to be set",
                () -> stdout("stubborn").contains("ready"));
        long t0 = System.nanoTime();
        containers.stop(id, Duration.ofSeconds(2));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        ContainerState.Exited e = exited(containers.status(id, false).container());
        assertThat(e.exitCode()).isEqualTo(137);
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(12));
    }

    @Test
    void execSyncReturnsOutputAndExitCodesAndHonoursItsTimeout() {
        String id = run(config("execs", "sleep 1000").build());
        ExecResult r = containers.execSync(new ContainerLifecycle.ExecSyncCommand(
                id, List.of("sh", "-c", "echo out; echo err >&2; exit 4"), Duration.ofSeconds(10)));
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(new String(r.stderr(), StandardCharsets.UTF_8)).isEqualTo("err\n");

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> containers.execSync(new ContainerLifecycle.ExecSyncCommand(
                        id, List.of("sh", "-c", "sleep 30 & sleep 30"), Duration.ofSeconds(1))))
                .isInstanceOf(JcriException.DeadlineExceeded.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        containers.stop(id, Duration.ZERO);
    }

    @Test
    void stopAndRemoveAreIdempotentAndKeepTheLog() throws Exception {
        String id = run(config("gone", "echo bye; sleep 1000").build());
        Await.until(Duration.ofSeconds(10), "output", () -> stdout("gone").contains("bye"));
        containers.stop(id, Duration.ofSeconds(1));
        containers.stop(id, Duration.ofSeconds(1));
        containers.remove(id);
        containers.remove(id);
        containers.stop("f".repeat(64), Duration.ofSeconds(1));
        containers.remove("f".repeat(64));
        assertThat(runtime.container(id)).isEmpty();
        assertThat(runtime.snapshot(SNAPSHOTTER, id)).isEmpty();
        assertThat(stdout("gone")).containsExactly("bye");
        assertThat(containers.list(new ContainerLifecycle.Filter(id, java.util.Set.of(), "", Map.of())))
                .isEmpty();
    }

    static void unmount(Path path) {
        try {
            Process p =
                    new ProcessBuilder("umount", path.toString()).inheritIO().start();
            assertThat(p.waitFor()).isZero();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anImageVolumeIsReadOnlyIsMountedAgainAfterARebootAndLeavesNothingWhenRemoved() throws Exception {
        ImageVolume image = new ImageVolume("it.local/busybox:1", "busybox", "", "bin");
        String id = run(config("imagevol", "sleep 1000")
                .mounts(List.of(new ContainerMount("/mnt/vol", "", true, MountPropagation.PRIVATE, false, image)))
                .build());
        ExecResult r = containers.execSync(new ContainerLifecycle.ExecSyncCommand(
                id,
                List.of("sh", "-c", "/mnt/vol/busybox true && ! touch /mnt/vol/x 2>/dev/null"),
                Duration.ofSeconds(10)));
        assertThat(r.exitCode()).isZero();
        Path volume = dir.resolve("state/image-volumes/" + id + "/0");
        String view = id + "-image-volume-0";
        assertThat(runtime.snapshot(SNAPSHOTTER, view).orElseThrow().kind()).isEqualTo(SnapshotInfo.Kind.VIEW);

        // a reboot takes the node's mounts; recovery mounts the volume again from its view
        restartContainers(() -> unmount(volume));
        assertThat(volume.resolve("bin/busybox")).exists();

        containers.stop(id, Duration.ZERO);
        containers.remove(id);
        assertThat(volume.getParent()).doesNotExist();
        assertThat(runtime.snapshot(SNAPSHOTTER, view)).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(id);
    }

    @Test
    void aRestartKeepsRunningContainersRunningWithTheirLogGrowingAndFindsExitsMissedWhileDown() {
        String ticker = run(config("ticker", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done")
                .build());
        String ender = run(config("ender", "trap 'exit 7' TERM; echo ready; while true; do sleep 0.2; done")
                .build());
        Await.until(
                Duration.ofSeconds(10),
                "ticks",
                () -> stdout("ticker").size() >= 2 && stdout("ender").contains("ready"));
        int pid = containers.status(ticker, false).container().pid();

        restartContainers(() -> {
            runtime.killTask(ender, 15, false);
            Await.until(
                    Duration.ofSeconds(10),
                    "ender to exit while jcri is down",
                    () -> runtime.task(ender)
                            .map(t -> t.status() == TaskStatus.STOPPED)
                            .orElse(false));
        });

        Container t = containers.status(ticker, false).container();
        assertThat(t.state()).isInstanceOf(ContainerState.Running.class);
        assertThat(t.pid()).isEqualTo(pid);
        int before = stdout("ticker").size();
        Await.until(
                Duration.ofSeconds(10),
                "the log to grow after the restart",
                () -> stdout("ticker").size() >= before + 3);
        List<String> ticks = stdout("ticker");
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).isEqualTo("tick " + i);
        }
        ContainerState.Exited e = exited(containers.status(ender, false).container());
        assertThat(e.exitCode()).isEqualTo(7);
        assertThat(e.reason()).isEqualTo("Error");
        containers.stop(ticker, Duration.ZERO);
        assertThat(exited(containers.status(ticker, false).container()).exitCode())
                .isEqualTo(137);
    }
}
