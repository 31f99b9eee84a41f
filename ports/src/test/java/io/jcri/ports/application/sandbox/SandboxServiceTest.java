package io.jcri.ports.application.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PortMapping;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.fakes.FakeSandboxFiles;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.NodeResourcePlugins;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxServiceTest {
    static final String SNAPSHOTTER = "overlayfs";
    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakePodNetwork network = new FakePodNetwork();
    final FakeSandboxFiles files = new FakeSandboxFiles();
    final FakeImageManagement images = new FakeImageManagement();
    final Sandboxes store = new Sandboxes();
    SandboxService service;

    @BeforeEach
    void setUp() {
        runtime.prepareSnapshot(SNAPSHOTTER, "tmp", "", Map.of());
        runtime.commitSnapshot(SNAPSHOTTER, "chain-pause", "tmp", Map.of());
        service = newService("registry.k8s.io/pause:3.10");
    }

    SandboxService newService(String sandboxImage) {
        return new SandboxService(
                store,
                images,
                network,
                files,
                runtime,
                new OciSpecBuilder(HostFacts.typical()),
                new RuntimeHandlers(Map.of("runc", OciRuntime.runcV2()), "runc"),
                new SandboxService.Settings(sandboxImage, SNAPSHOTTER),
                Clock.systemUTC(),
                new EventBus(),
                new EngineRecordsPodContainers(runtime),
                NodeResourcePlugins.NONE,
                CreationJournal.NONE);
    }

    static SandboxConfig config(String name) {
        return SandboxConfig.builder(name, "uid-" + name, "default")
                .hostname(name)
                .labels(Map.of("app", name))
                .build();
    }

    static SandboxLifecycle.RunCommand run(SandboxConfig config) {
        return new SandboxLifecycle.RunCommand(
                config,
                "",
                List.of(new PortMapping(PortMapping.Protocol.TCP, 80, 8080, "")),
                new DnsConfig(List.of("10.96.0.10"), List.of(), List.of()));
    }

    Sandbox only() {
        return service.list(SandboxLifecycle.Filter.ALL).get(0);
    }

    @Test
    void runMakesAReadySandboxWithItsNetworkFilesAndTask() {
        String id = service.run(run(config("web")));
        Sandbox s = service.status(id, false).sandbox();
        assertThat(s.ready()).isTrue();
        assertThat(s.pid()).isPositive();
        assertThat(s.podIps()).isPresent();
        assertThat(network.attachment(id)).isPresent();
        assertThat(network.request(id).orElseThrow().portMappings()).hasSize(1);
        assertThat(files.prepared.get(id).dnsServers()).containsExactly("10.96.0.10");
        assertThat(files.shmMounted).containsKey(id);
        assertThat(runtime.container(id).orElseThrow().labels()).containsEntry("io.jcri.kind", "sandbox");
        assertThat(runtime.container(id).orElseThrow().ociSpecJson()).contains("\"/pause\"");
        assertThat(runtime.listLeases(Map.of())).isEmpty();
    }

    @Test
    void stopTearsDownAndRemoveLeavesNothing() {
        String id = service.run(run(config("web")));
        service.stop(id);
        Sandbox s = service.status(id, false).sandbox();
        assertThat(s.ready()).isFalse();
        assertThat(network.attachment(id)).isEmpty();
        assertThat(network.listNetns()).isEmpty();
        assertThat(files.shmMounted).doesNotContainKey(id);
        service.stop(id);
        service.remove(id);
        service.remove(id);
        assertThat(service.list(SandboxLifecycle.Filter.ALL)).isEmpty();
        assertThat(runtime.leftovers()).noneMatch(l -> l.contains(id));
        assertThat(files.prepared).isEmpty();
        assertThatThrownBy(() -> service.status(id, false)).isInstanceOf(JcriException.NotFound.class);
    }

    @Test
    void statusAnswersFromMemoryAndOnlyVerboseAsksTheTask() {
        String id = service.run(run(config("web")));
        // every task read about the pod now fails: a status that made one would say unknown
        runtime.failFor("task", id, new JcriException.Unavailable("shim of " + id + " hangs"));
        Sandbox s = service.status(id, false).sandbox();
        assertThat(s.ready()).isTrue();
        assertThat(s.pid()).isPositive();
        assertThat(service.status(id, true).sandbox().state())
                .isInstanceOf(io.jcri.domain.sandbox.SandboxState.Unknown.class);
        // an unknown state is asked again, and found once the task answers
        runtime.heal(id);
        assertThat(service.status(id, false).sandbox().ready()).isTrue();
    }

    @Test
    void aTaskDeleteCutByItsShimExitingIsDoneOnceTheTaskIsGone() {
        String id = service.run(run(config("web")));
        // another removal deletes the task first; the shim exits and cuts this call's connection
        runtime.beforeNext("deleteTask", () -> {
            runtime.deleteTask(id);
            runtime.failNext(
                    "deleteTask",
                    new JcriException.Internal(
                            "containerd Tasks.Delete " + id + ": failed to delete task: ttrpc: closed"));
        });
        service.remove(id);
        assertThat(service.list(SandboxLifecycle.Filter.ALL)).isEmpty();
        assertThat(runtime.leftovers()).noneMatch(l -> l.contains(id));
        // a delete that fails while the task is still there is still an error
        String other = service.run(run(config("db")));
        for (int i = 0; i < 3; i++) {
            runtime.failNext("deleteTask", new JcriException.Internal("containerd Tasks.Delete " + other + ": boom"));
        }
        assertThatThrownBy(() -> service.stop(other))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageContaining("boom");
    }

    @Test
    void statusFromMemoryDeclinesOnlyAStateThatMustBeAskedFromTheTask() {
        String id = service.run(run(config("web")));
        runtime.failFor("task", id, new JcriException.Unavailable("shim of " + id + " hangs"));
        assertThat(service.statusFromMemory(id, false))
                .hasValueSatisfying(v -> assertThat(v.sandbox().ready()).isTrue());
        assertThat(service.status(id, true).sandbox().state())
                .isInstanceOf(io.jcri.domain.sandbox.SandboxState.Unknown.class);
        assertThat(service.statusFromMemory(id, false))
                .as("unknown: the task must be asked")
                .isEmpty();
        assertThat(service.statusFromMemory(id, true)).isEmpty();
        assertThatThrownBy(() -> service.statusFromMemory("no-such-pod", false))
                .isInstanceOf(JcriException.NotFound.class);
        assertThatThrownBy(() -> service.statusFromMemory("", true)).isInstanceOf(JcriException.InvalidArgument.class);
    }

    @Test
    void verboseStatusFromMemoryShowsWhatTheTaskAndTheNetworkWouldAndAsksNeither() {
        String id = service.run(run(config("web")));
        String asked = service.status(id, true).info().get("info");
        runtime.failFor("task", id, new JcriException.Unavailable("shim of " + id + " hangs"));
        var fromMemory = service.statusFromMemory(id, true).orElseThrow();
        assertThat(fromMemory.sandbox().ready()).isTrue();
        assertThat(fromMemory.info().get("info"))
                .isEqualTo(asked)
                .contains("\"pid\":")
                .contains("\"cniResult\":{\"cniVersion\"");
        // no attachment in memory (detached; or made by the process before a restart): empty
        runtime.heal(id);
        service.stop(id);
        assertThat(service.statusFromMemory(id, true)).isEmpty();
    }

    @Test
    void stopAndRemoveOfUnknownIdsSucceed() {
        service.stop("nope");
        service.remove("nope");
    }

    @Test
    void sameMetadataTwiceIsAlreadyExistsUntilRemoved() {
        String id = service.run(run(config("web")));
        assertThatThrownBy(() -> service.run(run(config("web"))))
                .isInstanceOf(JcriException.AlreadyExists.class)
                .hasMessageContaining("web_default_uid-web_0");
        service.remove(id);
        assertThat(service.run(run(config("web")))).isNotEqualTo(id);
    }

    @Test
    void aHostnameLongerThanLinuxAllowsIsInvalidAndMakesNothing() {
        SandboxConfig longName =
                config("web").toBuilder().hostname("h".repeat(65)).build();
        assertThatThrownBy(() -> service.run(run(longName)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("default/web")
                .hasMessageContaining("hostname is 65 bytes");
        assertThat(network.listNetns()).isEmpty();
        assertThat(files.prepared).isEmpty();
        assertThat(service.run(
                        run(config("web").toBuilder().hostname("h".repeat(64)).build())))
                .isNotEmpty();
    }

    @Test
    void aLogDirectoryWithANulCharacterIsInvalidAndMakesNothing() {
        SandboxConfig nul =
                config("web").toBuilder().logDirectory("/var/log/pods/a\0b").build();
        assertThatThrownBy(() -> service.run(run(nul)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("default/web")
                .hasMessageContaining("log_directory holds a NUL");
        assertThat(network.listNetns()).isEmpty();
        assertThat(files.prepared).isEmpty();
    }

    @Test
    void aFailedCniAddUndoesEverythingAndSaysWhichStep() {
        network.failNextAttach(() -> new JcriException.Internal("plugin bridge failed: no IPs left"));
        assertThatThrownBy(() -> service.run(run(config("web"))))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageContaining("setting up the pod network (CNI ADD) failed")
                .hasMessageContaining("no IPs left");
        assertThat(network.listNetns()).isEmpty();
        assertThat(network.attachedSandboxIds()).isEmpty();
        assertThat(files.prepared).isEmpty();
        assertThat(runtime.leftovers()).allMatch(l -> l.startsWith("snapshot:") && !l.contains("pause"));
        assertThat(service.run(run(config("web")))).isNotBlank();
    }

    @Test
    void aFailedTaskStartUndoesContainerSnapshotNetworkAndFiles() {
        runtime.failNext("startTask", new JcriException.Internal("runc: exec failed"));
        assertThatThrownBy(() -> service.run(run(config("web"))))
                .hasMessageContaining("starting the sandbox task failed");
        assertThat(runtime.listContainers(Map.of())).isEmpty();
        assertThat(runtime.leftovers()).noneMatch(l -> l.startsWith("task:") || l.startsWith("container:"));
        assertThat(network.listNetns()).isEmpty();
        assertThat(files.prepared).isEmpty();
    }

    @Test
    void unknownRuntimeHandlerIsRefused() {
        assertThatThrownBy(() -> service.run(new SandboxLifecycle.RunCommand(config("web"), "kata", List.of(), null)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("runtime handler \"kata\" is not configured");
    }

    @Test
    void hostNetworkPodsGetNoNetnsNorCni() {
        SandboxConfig host = config("host").toBuilder()
                .security(SandboxSecurity.defaults()
                        .withNamespaces(NamespaceOptions.pod().withNetwork(NamespaceMode.NODE)))
                .build();
        String id = service.run(run(host));
        assertThat(network.calls()).noneMatch(c -> c.contains(id));
        assertThat(service.status(id, false).sandbox().netnsPath()).isEmpty();
        service.remove(id);
    }

    @Test
    void unpullableSandboxImageFallsBackToTheBuiltinOne() {
        images.unpullable.add("registry.k8s.io/pause:3.10");
        service.run(run(config("web")));
        assertThat(images.ensured).containsExactly("registry.k8s.io/pause:3.10", "jcri.local/jcri/pause:builtin");
        assertThat(only().image()).isEqualTo("jcri.local/jcri/pause:builtin");
    }

    @Test
    void pauseExitMakesItNotReady() {
        String id = service.run(run(config("web")));
        runtime.exit(id, 0);
        service.onEvent(new io.jcri.domain.task.TaskEvent.Exited(id, "", 1, 0, java.time.Instant.now()));
        assertThat(service.list(new SandboxLifecycle.Filter("", Set.of(SandboxState.Phase.NOT_READY), Map.of())))
                .extracting(Sandbox::id)
                .containsExactly(id);
    }

    @Test
    void listFiltersByIdPrefixStateAndLabels() {
        String a = service.run(run(config("a")));
        String b = service.run(run(config("b")));
        service.stop(b);
        assertThat(service.list(new SandboxLifecycle.Filter(a.substring(0, 8), Set.of(), Map.of())))
                .extracting(Sandbox::id)
                .containsExactly(a);
        assertThat(service.list(new SandboxLifecycle.Filter("", Set.of(SandboxState.Phase.READY), Map.of())))
                .extracting(Sandbox::id)
                .containsExactly(a);
        assertThat(service.list(new SandboxLifecycle.Filter("", Set.of(), Map.of("app", "b"))))
                .extracting(Sandbox::id)
                .containsExactly(b);
    }

    @Test
    void recoveryRebuildsFromEngineRecordsAndSweepsLeftovers() {
        String id = service.run(run(config("web")));
        network.createNetns("orphan");
        SandboxService restarted = restartedService();
        recover(restarted);
        Sandbox back = restarted.status(id, true).sandbox();
        assertThat(back.ready()).isTrue();
        assertThat(back.podIps()).isEqualTo(store.get(id).orElseThrow().podIps());
        assertThat(restarted.status(id, true).info().get("info")).contains("\"pid\":");
        assertThat(network.listNetns())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(id);
        assertThatThrownBy(() -> restarted.run(run(config("web")))).isInstanceOf(JcriException.AlreadyExists.class);
    }

    /** Start-up recovery's sandbox steps: the records, then the sweep of leftovers. */
    int recover(SandboxService restarted) {
        SandboxRecovery recovery = new SandboxRecovery(restarted, runtime, network, files);
        int n = recovery.recover();
        recovery.sweepLeftovers();
        return n;
    }

    SandboxService restartedService() {
        return new SandboxService(
                new Sandboxes(),
                images,
                network,
                files,
                runtime,
                new OciSpecBuilder(HostFacts.typical()),
                new RuntimeHandlers(Map.of("runc", OciRuntime.runcV2()), "runc"),
                new SandboxService.Settings("registry.k8s.io/pause:3.10", SNAPSHOTTER),
                Clock.systemUTC(),
                new EventBus(),
                new EngineRecordsPodContainers(runtime),
                NodeResourcePlugins.NONE,
                CreationJournal.NONE);
    }

    /** As if jcri had stopped between starting the pause task and recording the pod's addresses. */
    void forgetAddresses(String id) {
        Sandbox s = store.get(id).orElseThrow();
        runtime.updateContainerExtension(id, SandboxRecord.EXTENSION, SandboxRecord.encode(s.withNetwork(null, "")));
    }

    @Test
    void theRecordGetsTheAddressesOnceCniAddIsDone() {
        String id = service.run(run(config("web")));
        Sandbox recorded = SandboxRecord.decode(
                runtime.container(id).orElseThrow().extensions().get(SandboxRecord.EXTENSION));
        assertThat(recorded.podIps()).isPresent().isEqualTo(only().podIps());
        assertThat(recorded.network()).isEqualTo(only().network());
    }

    @Test
    void recoveryTakesAddressesTheRecordMissesFromTheAttachment() {
        String id = service.run(run(config("web")));
        var ips = only().podIps();
        forgetAddresses(id);
        SandboxService restarted = restartedService();
        recover(restarted);
        Sandbox back = restarted.status(id, false).sandbox();
        assertThat(back.ready()).isTrue();
        assertThat(back.podIps()).isEqualTo(ips);
        assertThat(SandboxRecord.decode(
                                runtime.container(id).orElseThrow().extensions().get(SandboxRecord.EXTENSION))
                        .podIps())
                .isEqualTo(ips);
    }

    @Test
    void recoveryStopsASandboxWhoseNetworkNeverFinished() {
        String id = service.run(run(config("web")));
        forgetAddresses(id);
        network.detach(id);
        SandboxService restarted = restartedService();
        recover(restarted);
        Sandbox back = restarted.status(id, false).sandbox();
        assertThat(back.ready()).isFalse();
        assertThat(runtime.task(id)).isEmpty();
        restarted.stop(id);
        restarted.remove(id);
        assertThat(network.listNetns()).isEmpty();
    }

    @Test
    void withoutNetworkSysctlsThePauseContainerIsMadeWhileCniAddRuns() {
        network.failNextAttach(() -> new JcriException.Internal("plugin bridge failed"));
        runtime.failNext("createContainer", new JcriException.Internal("engine refused"));
        assertThatThrownBy(() -> service.run(run(config("web"))))
                .hasMessageContaining("creating the sandbox container failed");
        assertThat(network.listNetns()).isEmpty();
        assertThat(network.attachedSandboxIds()).isEmpty();
        assertThat(files.prepared).isEmpty();
    }

    @Test
    void aPodWithNetworkSysctlsGetsItsNetworkBeforeItsPauseContainer() {
        network.failNextAttach(() -> new JcriException.Internal("plugin bridge failed"));
        runtime.failNext("createContainer", new JcriException.Internal("engine refused"));
        SandboxConfig withSysctl = SandboxConfig.builder("web", "uid-web", "default")
                .sysctls(Map.of("net.ipv4.conf.eth0.forwarding", "1"))
                .build();
        assertThatThrownBy(() -> service.run(run(withSysctl)))
                .hasMessageContaining("setting up the pod network (CNI ADD) failed")
                .hasMessageContaining("plugin bridge failed");
        assertThat(network.listNetns()).isEmpty();
        assertThat(files.prepared).isEmpty();
        assertThat(SandboxNetworkSetup.needsNetworkFirst(withSysctl)).isTrue();
        assertThat(SandboxNetworkSetup.needsNetworkFirst(SandboxConfig.builder("a", "u", "n")
                        .sysctls(Map.of("kernel.shm_rmid_forced", "1"))
                        .build()))
                .isFalse();
    }
}
