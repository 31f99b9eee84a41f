package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerEventResponse;
import io.jcri.cri.v1.ContainerEventType;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerStats;
import io.jcri.cri.v1.ContainerStatsRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.GetEventsRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ListContainerStatsRequest;
import io.jcri.cri.v1.ListMetricDescriptorsRequest;
import io.jcri.cri.v1.ListPodSandboxMetricsRequest;
import io.jcri.cri.v1.ListPodSandboxStatsRequest;
import io.jcri.cri.v1.MetricDescriptor;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxMetrics;
import io.jcri.cri.v1.PodSandboxStats;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.cri.v1.StreamContainerStatsRequest;
import io.jcri.cri.v1.StreamContainerStatsResponse;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.FsCapacity;
import io.jcri.domain.stats.FsUsage;
import io.jcri.domain.stats.InterfaceCounters;
import io.jcri.domain.stats.ProcessTotals;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.container.ContainerExits;
import io.jcri.ports.application.container.ContainerService;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.events.PodTimelines;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.runtime.RuntimeStatusService;
import io.jcri.ports.application.sandbox.SandboxService;
import io.jcri.ports.application.stats.MetricsService;
import io.jcri.ports.application.stats.StatsService;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerDocuments;
import io.jcri.ports.fakes.FakeContainerHost;
import io.jcri.ports.fakes.FakeContainerIo;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakeContainerStatusFiles;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.fakes.FakeImageVolumeMounts;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.fakes.FakeSandboxFiles;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.NodeResourcePlugins;
import io.jcri.ports.out.ResourceStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stats, metrics and container events through an in-process server, over the real services on fakes. */
class GrpcStatsAndEventsTest {
    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakePodNetwork network = new FakePodNetwork();
    final FakeImageManagement images = new FakeImageManagement() {
        @Override
        public Optional<Image> status(String reference) {
            return Optional.of(ensure(reference, RegistryAuth.NONE));
        }
    };
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Every running task reads as 1 s of CPU and 10 MB of memory, 2 MB of it inactive file pages. */
    final ResourceStats resources = new ResourceStats() {
        @Override
        public Map<String, CgroupSample> tasks(Collection<String> ids) {
            Map<String, CgroupSample> out = new java.util.HashMap<>();
            ids.forEach(id -> out.put(
                    id,
                    new CgroupSample(Instant.now(), 1_000_000_000L, 10_000_000L, 2_000_000L, 7_000_000L, 5, 1, 0, 1)));
            return out;
        }

        @Override
        public Optional<io.jcri.domain.stats.PressureReadings> podPressure(String sandboxId) {
            return Optional.empty();
        }

        @Override
        public Optional<FsUsage> writableLayer(String snapshotter, String key) {
            return Optional.of(new FsUsage(Instant.now(), "/var/lib/snapshots", 8192, 4));
        }

        @Override
        public Optional<ProcessTotals> processes(String containerId, int firstPid) {
            return Optional.of(new ProcessTotals(1, 2, 6, 1, 1024));
        }

        @Override
        public Optional<FsCapacity> filesystem(String path) {
            return Optional.of(new FsCapacity(1L << 30, 1000, 900));
        }
    };

    final EventBus bus = new EventBus();
    ContainerExits exits;
    Server server;
    ManagedChannel channel;
    RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        runtime.prepareSnapshot("overlayfs", "tmp", "", Map.of());
        runtime.commitSnapshot("overlayfs", FakeImageManagement.CHAIN_ID, "tmp", Map.of());
        RuntimeHandlers handlers = new RuntimeHandlers(Map.of("runc", OciRuntime.runcV2()), "runc");
        Sandboxes sandboxStore = new Sandboxes();
        Containers containers = new Containers();
        FakeContainerStatusFiles files = new FakeContainerStatusFiles();
        exits = new ContainerExits(
                runtime, files, containers, Clock.systemUTC(), bus, ContainerExits.StopListener.NONE);
        ContainerService service = new ContainerService(
                runtime,
                new FakeContainerIo(),
                files,
                new FakeContainerDocuments(),
                new FakeContainerHost(),
                images,
                new ImageVolumes(runtime, images, new FakeImageVolumeMounts()),
                sandboxStore,
                containers,
                exits,
                Clock.systemUTC(),
                new ContainerService.Settings("overlayfs", handlers::resolve, Path.of("/run/jcri/io/containers")),
                bus,
                NodeResourcePlugins.NONE,
                ContainerService.RestoreCheck.NONE);
        SandboxService sandboxes = new SandboxService(
                sandboxStore,
                images,
                network,
                new FakeSandboxFiles(),
                runtime,
                new OciSpecBuilder(HostFacts.typical()),
                handlers,
                new SandboxService.Settings("registry.k8s.io/pause:3.10", "overlayfs"),
                Clock.systemUTC(),
                bus,
                service,
                NodeResourcePlugins.NONE,
                CreationJournal.NONE);
        StatsService stats = new StatsService(
                sandboxStore,
                containers,
                resources,
                pid -> List.of(new InterfaceCounters("eth0", 10, 0, 20, 0)),
                Clock.systemUTC());
        RuntimeStatusService status = new RuntimeStatusService(runtime, network, "t", Map.of(), List.of("runc"), false);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(ServerInterceptors.intercept(
                        new GrpcRuntimeService(TestUseCases.of(status, sandboxes)
                                .containers(service)
                                .stats(stats)
                                .metrics(new MetricsService(
                                        sandboxStore,
                                        containers,
                                        resources,
                                        pid -> List.of(new InterfaceCounters("eth0", 10, 0, 20, 0)),
                                        Clock.systemUTC()))
                                .events(new PodTimelines(bus, sandboxStore, containers))
                                .build()),
                        new CriCallInterceptor(meters)))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
        stub = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        exits.close();
        channel.shutdownNow();
        server.shutdownNow();
    }

    String runPod() {
        return stub.runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("web")
                                        .setNamespace("default")
                                        .setUid("uid-web"))
                                .putLabels("tier", "front"))
                        .build())
                .getPodSandboxId();
    }

    String runContainer(String pod, String name) {
        String id = stub.createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                                .setImage(ImageSpec.newBuilder().setImage("busybox:1"))
                                .addCommand("sleep")
                                .putLabels("app", name))
                        .build())
                .getContainerId();
        stub.startContainer(
                StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    @Test
    void containerStatsCarryCpuMemoryAndTheWritableLayer() {
        String pod = runPod();
        String a = runContainer(pod, "a");
        runContainer(pod, "b");
        ContainerStats s = stub.containerStats(
                        ContainerStatsRequest.newBuilder().setContainerId(a).build())
                .getStats();
        assertThat(s.getAttributes().getMetadata().getName()).isEqualTo("a");
        assertThat(s.getCpu().getUsageCoreNanoSeconds().getValue()).isEqualTo(1_000_000_000L);
        assertThat(s.getCpu().getUsageNanoCores().getValue()).isPositive();
        assertThat(s.getMemory().getWorkingSetBytes().getValue()).isEqualTo(8_000_000L);
        assertThat(s.getMemory().getRssBytes().getValue()).isEqualTo(7_000_000L);
        assertThat(s.getWritableLayer().getUsedBytes().getValue()).isEqualTo(8192);
        assertThat(s.getWritableLayer().getFsId().getMountpoint()).isEqualTo("/var/lib/snapshots");
        assertThat(s.hasSwap()).as("a reading without swap (cgroup v1)").isFalse();
        assertThat(s.hasIo()).isFalse();
        assertThat(s.getCpu().hasPsi()).isFalse();
        assertThat(s.getMemory().hasPsi()).isFalse();

        assertThat(stub.listContainerStats(ListContainerStatsRequest.newBuilder()
                                .setFilter(io.jcri.cri.v1.ContainerStatsFilter.newBuilder()
                                        .putLabelSelector("app", "b"))
                                .build())
                        .getStatsList())
                .extracting(x -> x.getAttributes().getMetadata().getName())
                .containsExactly("b");
        Iterator<StreamContainerStatsResponse> stream =
                stub.streamContainerStats(StreamContainerStatsRequest.getDefaultInstance());
        List<Integer> perMessage = new ArrayList<>();
        stream.forEachRemaining(m -> perMessage.add(m.getContainerStatsCount()));
        assertThat(perMessage).containsExactly(1, 1);
    }

    @Test
    void podStatsSumTheirTasksAndCarryNetworkAndMetrics() {
        String pod = runPod();
        runContainer(pod, "a");
        PodSandboxStats s = stub.listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
                .getStats(0);
        assertThat(s.getAttributes().getId()).isEqualTo(pod);
        assertThat(s.getAttributes().getLabelsMap()).containsEntry("tier", "front");
        assertThat(s.getLinux().getCpu().getUsageCoreNanoSeconds().getValue()).isEqualTo(2_000_000_000L);
        assertThat(s.getLinux().getMemory().getWorkingSetBytes().getValue()).isEqualTo(16_000_000L);
        assertThat(s.getLinux().getNetwork().getDefaultInterface().getRxBytes().getValue())
                .isEqualTo(10);
        assertThat(s.getLinux().getContainersCount()).isEqualTo(1);

        assertThat(stub.listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance())
                        .getDescriptorsList())
                .extracting(d -> d.getName())
                .contains("container_memory_working_set_bytes", "container_network_receive_bytes_total");
        PodSandboxMetrics m = stub.listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetrics(0);
        assertThat(m.getMetricsList())
                .anySatisfy(x -> assertThat(x.getName() + x.getLabelValuesList() + "="
                                + x.getValue().getValue())
                        .isEqualTo("container_network_transmit_bytes_total[POD, " + pod
                                + ", registry.k8s.io/pause:3.10, default, web, eth0]=20"));
        assertThat(m.getContainerMetrics(0).getMetricsList())
                .anySatisfy(x -> assertThat(x.getName() + "=" + x.getValue().getValue())
                        .isEqualTo("container_memory_working_set_bytes=8000000"));
    }

    @Test
    void everyDescriptorHasHelpAndLabelKeysAndEveryValueOneLabelValuePerKey() {
        String pod = runPod();
        runContainer(pod, "a");
        Map<String, MetricDescriptor> descriptors = new java.util.HashMap<>();
        for (MetricDescriptor d : stub.listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance())
                .getDescriptorsList()) {
            assertThat(d.getHelp()).as(d.getName()).isNotBlank();
            assertThat(d.getLabelKeysList()).as(d.getName()).isNotEmpty();
            descriptors.put(d.getName(), d);
        }
        PodSandboxMetrics m = stub.listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetrics(0);
        List<io.jcri.cri.v1.Metric> all = new ArrayList<>(m.getMetricsList());
        m.getContainerMetricsList().forEach(c -> all.addAll(c.getMetricsList()));
        for (io.jcri.cri.v1.Metric x : all) {
            assertThat(descriptors).as(x.getName()).containsKey(x.getName());
            assertThat(x.getLabelValuesCount())
                    .as(x.getName())
                    .isEqualTo(descriptors.get(x.getName()).getLabelKeysCount());
        }
        // what a running container without block I/O, hugepages, PSI or a CPU quota reports: everything else
        assertThat(all.stream().map(io.jcri.cri.v1.Metric::getName).distinct())
                .containsAll(descriptors.keySet().stream()
                        .filter(n -> !n.matches(
                                "container_(blkio|fs_(reads|writes)|hugetlb|pressure)_.*|container_spec_cpu_quota"))
                        .toList());
        assertThat(all)
                .filteredOn(x -> x.getName().equals("container_cpu_usage_seconds_total"))
                .singleElement()
                .satisfies(x -> assertThat(x.getLabelValuesList()).endsWith("total"))
                .satisfies(x -> assertThat(x.getMetricType()).isEqualTo(io.jcri.cri.v1.MetricType.COUNTER));
    }

    @Test
    void containerEventsStreamCreatedStartedStoppedDeletedWithThePodsStatuses() throws Exception {
        String pod = runPod();
        BlockingQueue<ContainerEventResponse> received = new LinkedBlockingQueue<>();
        RuntimeServiceGrpc.newStub(channel)
                .getContainerEvents(GetEventsRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(ContainerEventResponse value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                });
        // the subscription is made when the call reaches the server: wait for it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bus.subscribers() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(bus.subscribers()).isEqualTo(1);
        String app = runContainer(pod, "app");
        List<ContainerEventResponse> events = new ArrayList<>();
        take(received, events, 2);
        // statuses are the pod's as they are when the event is sent: the container still runs
        assertThat(events.get(1).getPodSandboxStatus().getId()).isEqualTo(pod);
        assertThat(events.get(1).getContainersStatusesList())
                .anySatisfy(c -> assertThat(c.getId() + " " + c.getState())
                        .isEqualTo(app + " " + io.jcri.cri.v1.ContainerState.CONTAINER_RUNNING));
        stub.stopContainer(StopContainerRequest.newBuilder()
                .setContainerId(app)
                .setTimeout(0)
                .build());
        stub.removeContainer(
                RemoveContainerRequest.newBuilder().setContainerId(app).build());
        take(received, events, 4);
        assertThat(events).extracting(ContainerEventResponse::getContainerId).containsOnly(app);
        assertThat(events)
                .extracting(ContainerEventResponse::getContainerEventType)
                .containsExactly(
                        ContainerEventType.CONTAINER_CREATED_EVENT,
                        ContainerEventType.CONTAINER_STARTED_EVENT,
                        ContainerEventType.CONTAINER_STOPPED_EVENT,
                        ContainerEventType.CONTAINER_DELETED_EVENT);
        assertThat(events.get(0).getCreatedAt()).isPositive();
    }

    static void take(BlockingQueue<ContainerEventResponse> from, List<ContainerEventResponse> into, int until)
            throws InterruptedException {
        while (into.size() < until) {
            ContainerEventResponse e = from.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("event %d", into.size() + 1).isNotNull();
            into.add(e);
        }
    }

    @Test
    void everyCallIsTimedByMethodAndCode() {
        runPod();
        try {
            stub.containerStats(
                    ContainerStatsRequest.newBuilder().setContainerId("missing").build());
        } catch (io.grpc.StatusRuntimeException expected) {
            assertThat(expected.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
        }
        assertThat(meters.get(CriCallInterceptor.REQUEST_TIMER)
                        .tags("method", "RunPodSandbox", "code", "OK")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(CriCallInterceptor.REQUEST_TIMER)
                        .tags("method", "ContainerStats", "code", "NOT_FOUND")
                        .timer()
                        .count())
                .isEqualTo(1);
    }
}
