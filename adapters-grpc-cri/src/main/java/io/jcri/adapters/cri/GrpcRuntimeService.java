package io.jcri.adapters.cri;

import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.AttachRequest;
import io.jcri.cri.v1.AttachResponse;
import io.jcri.cri.v1.CgroupDriver;
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointContainerResponse;
import io.jcri.cri.v1.CheckpointPodRequest;
import io.jcri.cri.v1.CheckpointPodResponse;
import io.jcri.cri.v1.ContainerEventResponse;
import io.jcri.cri.v1.ContainerStatsRequest;
import io.jcri.cri.v1.ContainerStatsResponse;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.ContainerStatusResponse;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.CreateContainerResponse;
import io.jcri.cri.v1.ExecRequest;
import io.jcri.cri.v1.ExecResponse;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ExecSyncResponse;
import io.jcri.cri.v1.GetEventsRequest;
import io.jcri.cri.v1.LinuxRuntimeConfiguration;
import io.jcri.cri.v1.ListContainerStatsRequest;
import io.jcri.cri.v1.ListContainerStatsResponse;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListContainersResponse;
import io.jcri.cri.v1.ListMetricDescriptorsRequest;
import io.jcri.cri.v1.ListMetricDescriptorsResponse;
import io.jcri.cri.v1.ListPodSandboxMetricsRequest;
import io.jcri.cri.v1.ListPodSandboxMetricsResponse;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.ListPodSandboxResponse;
import io.jcri.cri.v1.ListPodSandboxStatsRequest;
import io.jcri.cri.v1.ListPodSandboxStatsResponse;
import io.jcri.cri.v1.PodSandboxStatsRequest;
import io.jcri.cri.v1.PodSandboxStatsResponse;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.PodSandboxStatusResponse;
import io.jcri.cri.v1.PortForwardRequest;
import io.jcri.cri.v1.PortForwardResponse;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RemoveContainerResponse;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RemovePodSandboxResponse;
import io.jcri.cri.v1.ReopenContainerLogRequest;
import io.jcri.cri.v1.ReopenContainerLogResponse;
import io.jcri.cri.v1.RestorePodRequest;
import io.jcri.cri.v1.RestorePodResponse;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxResponse;
import io.jcri.cri.v1.RuntimeConfigRequest;
import io.jcri.cri.v1.RuntimeConfigResponse;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StartContainerResponse;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.StatusResponse;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.cri.v1.StopContainerResponse;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.cri.v1.StopPodSandboxResponse;
import io.jcri.cri.v1.StreamContainerStatsRequest;
import io.jcri.cri.v1.StreamContainerStatsResponse;
import io.jcri.cri.v1.StreamContainersRequest;
import io.jcri.cri.v1.StreamContainersResponse;
import io.jcri.cri.v1.StreamPodSandboxMetricsRequest;
import io.jcri.cri.v1.StreamPodSandboxMetricsResponse;
import io.jcri.cri.v1.StreamPodSandboxStatsRequest;
import io.jcri.cri.v1.StreamPodSandboxStatsResponse;
import io.jcri.cri.v1.StreamPodSandboxesRequest;
import io.jcri.cri.v1.StreamPodSandboxesResponse;
import io.jcri.cri.v1.UpdateContainerResourcesRequest;
import io.jcri.cri.v1.UpdateContainerResourcesResponse;
import io.jcri.cri.v1.UpdatePodSandboxResourcesRequest;
import io.jcri.cri.v1.UpdatePodSandboxResourcesResponse;
import io.jcri.cri.v1.UpdateRuntimeConfigRequest;
import io.jcri.cri.v1.UpdateRuntimeConfigResponse;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.cri.v1.VersionResponse;
import io.jcri.domain.container.Container;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import java.time.Instant;

/**
 * CRI RuntimeService: every RPC of runtime.v1. Status and the PodSandbox RPCs are answered here;
 * the others by one class per group ({@link GrpcContainerRpcs}, {@link GrpcStreamingRpcs},
 * {@link GrpcStatsRpcs}, {@link GrpcContainerEvents}), all over the {@link CriUseCases} given at
 * construction.
 */
final class GrpcRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private final CriUseCases useCases;
    private final RuntimeStatus runtimeStatus;
    private final SandboxLifecycle sandboxes;
    private final GrpcContainerRpcs containers;
    private final GrpcStreamingRpcs streaming;
    private final GrpcStatsRpcs stats;
    private final GrpcContainerEvents events;
    private final GrpcCheckpointRpcs checkpoints;
    private final FromMemory fromMemory;

    GrpcRuntimeService(CriUseCases useCases) {
        this(useCases, FromMemory.INLINE);
    }

    /** @param fromMemory how the calls answered from memory continue when they need containerd */
    GrpcRuntimeService(CriUseCases useCases, FromMemory fromMemory) {
        this.useCases = useCases;
        this.fromMemory = fromMemory;
        this.runtimeStatus = useCases.status();
        this.sandboxes = useCases.sandboxes();
        this.containers = new GrpcContainerRpcs(useCases, fromMemory);
        this.streaming = new GrpcStreamingRpcs(useCases);
        this.stats = new GrpcStatsRpcs(useCases);
        this.events = new GrpcContainerEvents(useCases);
        this.checkpoints = new GrpcCheckpointRpcs(useCases);
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RuntimeStatusProtoMapper.toProto(
                        runtimeStatus.version(new RuntimeStatus.VersionQuery(request.getVersion()))));
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RuntimeStatusProtoMapper.toProto(
                        runtimeStatus.status(new RuntimeStatus.StatusQuery(request.getVerbose()))));
    }

    @Override
    public void runtimeConfig(RuntimeConfigRequest request, StreamObserver<RuntimeConfigResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RuntimeConfigResponse.newBuilder()
                        .setLinux(LinuxRuntimeConfiguration.newBuilder()
                                .setCgroupDriver(
                                        runtimeStatus.systemdCgroupDriver()
                                                ? CgroupDriver.SYSTEMD
                                                : CgroupDriver.CGROUPFS))
                        .build());
    }

    @Override
    public void updateRuntimeConfig(
            UpdateRuntimeConfigRequest request, StreamObserver<UpdateRuntimeConfigResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            runtimeStatus.updatePodCidr(
                    request.getRuntimeConfig().getNetworkConfig().getPodCidr());
            return UpdateRuntimeConfigResponse.getDefaultInstance();
        });
    }

    // ---- PodSandbox RPCs ----

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RunPodSandboxResponse.newBuilder()
                        .setPodSandboxId(sandboxes.run(SandboxProtoMapper.toCommand(request)))
                        .build());
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            sandboxes.stop(request.getPodSandboxId());
            return StopPodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            sandboxes.remove(request.getPodSandboxId());
            return RemovePodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> observer) {
        String id = request.getPodSandboxId();
        boolean verbose = request.getVerbose();
        fromMemory.unary(
                observer,
                () -> sandboxes.statusFromMemory(id, verbose).map(this::sandboxStatus),
                () -> sandboxStatus(sandboxes.status(id, verbose)));
    }

    private PodSandboxStatusResponse sandboxStatus(SandboxLifecycle.StatusView view) {
        PodSandboxStatusResponse.Builder response = PodSandboxStatusResponse.newBuilder()
                .setStatus(SandboxProtoMapper.status(view.sandbox()))
                .putAllInfo(view.info())
                .setTimestamp(SandboxProtoMapper.nanos(Instant.now()));
        // The pod's containers too, so a kubelet with evented PLEG needs no further calls.
        for (Container c :
                GrpcContainerEvents.podContainers(useCases, view.sandbox().id())) {
            response.addContainersStatuses(ContainerProtoMapper.status(c));
        }
        return response.build();
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            ListPodSandboxResponse.Builder response = ListPodSandboxResponse.newBuilder();
            for (Sandbox s : sandboxes.list(SandboxProtoMapper.filter(request.hasFilter(), request.getFilter()))) {
                response.addItems(SandboxProtoMapper.summary(s));
            }
            return response.build();
        });
    }

    @Override
    public void streamPodSandboxes(
            StreamPodSandboxesRequest request, StreamObserver<StreamPodSandboxesResponse> observer) {
        GrpcCalls.stream(
                observer,
                () -> sandboxes.list(SandboxProtoMapper.filter(request.hasFilter(), request.getFilter())),
                s -> StreamPodSandboxesResponse.newBuilder()
                        .addPodSandboxes(SandboxProtoMapper.summary(s))
                        .build());
    }

    // ---- the other groups, each answered by its own class ----

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        containers.create(request, observer);
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        containers.start(request, observer);
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        containers.stop(request, observer);
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        containers.remove(request, observer);
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> observer) {
        containers.status(request, observer);
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        containers.list(request, observer);
    }

    @Override
    public void streamContainers(StreamContainersRequest request, StreamObserver<StreamContainersResponse> observer) {
        containers.stream(request, observer);
    }

    @Override
    public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> observer) {
        containers.execSync(request, observer);
    }

    @Override
    public void updateContainerResources(
            UpdateContainerResourcesRequest request, StreamObserver<UpdateContainerResourcesResponse> observer) {
        containers.updateResources(request, observer);
    }

    @Override
    public void updatePodSandboxResources(
            UpdatePodSandboxResourcesRequest request, StreamObserver<UpdatePodSandboxResourcesResponse> observer) {
        containers.updateSandboxResources(request, observer);
    }

    @Override
    public void reopenContainerLog(
            ReopenContainerLogRequest request, StreamObserver<ReopenContainerLogResponse> observer) {
        containers.reopenLog(request, observer);
    }

    @Override
    public void exec(ExecRequest request, StreamObserver<ExecResponse> observer) {
        streaming.exec(request, observer);
    }

    @Override
    public void attach(AttachRequest request, StreamObserver<AttachResponse> observer) {
        streaming.attach(request, observer);
    }

    @Override
    public void portForward(PortForwardRequest request, StreamObserver<PortForwardResponse> observer) {
        streaming.portForward(request, observer);
    }

    @Override
    public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> observer) {
        stats.container(request, observer);
    }

    @Override
    public void listContainerStats(
            ListContainerStatsRequest request, StreamObserver<ListContainerStatsResponse> observer) {
        stats.listContainers(request, observer);
    }

    @Override
    public void streamContainerStats(
            StreamContainerStatsRequest request, StreamObserver<StreamContainerStatsResponse> observer) {
        stats.streamContainers(request, observer);
    }

    @Override
    public void podSandboxStats(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> observer) {
        stats.pod(request, observer);
    }

    @Override
    public void listPodSandboxStats(
            ListPodSandboxStatsRequest request, StreamObserver<ListPodSandboxStatsResponse> observer) {
        stats.listPods(request, observer);
    }

    @Override
    public void streamPodSandboxStats(
            StreamPodSandboxStatsRequest request, StreamObserver<StreamPodSandboxStatsResponse> observer) {
        stats.streamPods(request, observer);
    }

    @Override
    public void listMetricDescriptors(
            ListMetricDescriptorsRequest request, StreamObserver<ListMetricDescriptorsResponse> observer) {
        stats.metricDescriptors(request, observer);
    }

    @Override
    public void listPodSandboxMetrics(
            ListPodSandboxMetricsRequest request, StreamObserver<ListPodSandboxMetricsResponse> observer) {
        stats.listPodMetrics(request, observer);
    }

    @Override
    public void streamPodSandboxMetrics(
            StreamPodSandboxMetricsRequest request, StreamObserver<StreamPodSandboxMetricsResponse> observer) {
        stats.streamPodMetrics(request, observer);
    }

    @Override
    public void getContainerEvents(GetEventsRequest request, StreamObserver<ContainerEventResponse> observer) {
        events.stream(request, observer);
    }

    @Override
    public void checkpointContainer(
            CheckpointContainerRequest request, StreamObserver<CheckpointContainerResponse> observer) {
        checkpoints.container(request, observer);
    }

    @Override
    public void checkpointPod(CheckpointPodRequest request, StreamObserver<CheckpointPodResponse> observer) {
        checkpoints.pod(request, observer);
    }

    @Override
    public void restorePod(RestorePodRequest request, StreamObserver<RestorePodResponse> observer) {
        checkpoints.restorePod(request, observer);
    }
}
