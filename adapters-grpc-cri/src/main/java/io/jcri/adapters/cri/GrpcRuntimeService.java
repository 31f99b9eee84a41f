package io.jcri.adapters.cri;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.jcri.adapters.cri.streaming.StreamingServer;
import io.jcri.cri.v1.AttachRequest;
import io.jcri.cri.v1.AttachResponse;
import io.jcri.cri.v1.CgroupDriver;
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointContainerResponse;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.ContainerStatusResponse;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.CreateContainerResponse;
import io.jcri.cri.v1.ExecRequest;
import io.jcri.cri.v1.ExecResponse;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ExecSyncResponse;
import io.jcri.cri.v1.LinuxRuntimeConfiguration;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListContainersResponse;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.ListPodSandboxResponse;
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
import io.jcri.cri.v1.StreamContainersRequest;
import io.jcri.cri.v1.StreamContainersResponse;
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
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.task.ExecResult;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.in.Streaming;
import java.time.Duration;
import java.util.List;

/**
 * CRI RuntimeService: every RPC of runtime.v1, each delegating to its use case (sandboxes,
 * containers, streaming, stats, events and checkpoints are attached with {@code with...}).
 */
final class GrpcRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private final RuntimeStatus runtimeStatus;
    private final SandboxLifecycle sandboxes;

    GrpcRuntimeService(RuntimeStatus runtimeStatus, SandboxLifecycle sandboxes) {
        this.runtimeStatus = runtimeStatus;
        this.sandboxes = sandboxes;
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
        GrpcCalls.unary(observer, () -> {
            SandboxLifecycle.StatusView view = sandboxes.status(request.getPodSandboxId(), request.getVerbose());
            PodSandboxStatusResponse.Builder response = PodSandboxStatusResponse.newBuilder()
                    .setStatus(SandboxProtoMapper.status(view.sandbox()))
                    .putAllInfo(view.info())
                    .setTimestamp(SandboxProtoMapper.nanos(java.time.Instant.now()));
            // The pod's containers too, so a kubelet with evented PLEG needs no further calls.
            if (containers != null) {
                for (io.jcri.domain.container.Container c : containers.list(
                        new ContainerLifecycle.Filter("", "", view.sandbox().id(), java.util.Map.of()))) {
                    response.addContainersStatuses(ContainerProtoMapper.status(c));
                }
            }
            return response.build();
        });
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

    // ---- Checkpoints (CheckpointContainer, CheckpointPod, RestorePod) ----

    private io.jcri.ports.in.Checkpointing checkpointing;

    /** Serves the checkpoint verbs through {@code value}. */
    GrpcRuntimeService withCheckpointing(io.jcri.ports.in.Checkpointing value) {
        this.checkpointing = value;
        return this;
    }

    private io.jcri.ports.in.Checkpointing checkpointing() {
        if (checkpointing == null) {
            throw new JcriException.Unavailable("checkpointing is not wired");
        }
        return checkpointing;
    }

    @Override
    public void checkpointContainer(
            CheckpointContainerRequest request, StreamObserver<CheckpointContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            checkpointing().checkpointContainer(CheckpointProtoMapper.command(request));
            return CheckpointContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void checkpointPod(
            io.jcri.cri.v1.CheckpointPodRequest request,
            StreamObserver<io.jcri.cri.v1.CheckpointPodResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            checkpointing().checkpointPod(CheckpointProtoMapper.command(request));
            return io.jcri.cri.v1.CheckpointPodResponse.getDefaultInstance();
        });
    }

    @Override
    public void restorePod(
            io.jcri.cri.v1.RestorePodRequest request, StreamObserver<io.jcri.cri.v1.RestorePodResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> CheckpointProtoMapper.response(
                        checkpointing().restorePod(CheckpointProtoMapper.command(request))));
    }

    // ---- Containers (CreateContainer .. ReopenContainerLog) ----

    private ContainerLifecycle containers;

    /** Serves the Container verbs through {@code lifecycle}. */
    GrpcRuntimeService withContainers(ContainerLifecycle lifecycle) {
        this.containers = lifecycle;
        return this;
    }

    private ContainerLifecycle containers() {
        if (containers == null) {
            throw new JcriException.Unavailable("the container lifecycle is not wired");
        }
        return containers;
    }

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> CreateContainerResponse.newBuilder()
                        .setContainerId(containers().create(ContainerProtoMapper.createCommand(request)))
                        .build());
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().start(request.getContainerId());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().stop(request.getContainerId(), Duration.ofSeconds(Math.max(0, request.getTimeout())));
            return StopContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().remove(request.getContainerId());
            return RemoveContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            ContainerLifecycle.StatusView view = containers().status(request.getContainerId(), request.getVerbose());
            return ContainerStatusResponse.newBuilder()
                    .setStatus(ContainerProtoMapper.status(view.container()))
                    .putAllInfo(view.info())
                    .build();
        });
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ListContainersResponse.newBuilder()
                        .addAllContainers(ContainerProtoMapper.containers(
                                containers().list(ContainerProtoMapper.filter(request.getFilter()))))
                        .build());
    }

    @Override
    public void streamContainers(StreamContainersRequest request, StreamObserver<StreamContainersResponse> observer) {
        List<io.jcri.domain.container.Container> list;
        try {
            list = containers().list(ContainerProtoMapper.filter(request.getFilter()));
        } catch (RuntimeException e) {
            observer.onError(ErrorStatus.of(e).asRuntimeException());
            return;
        }
        for (io.jcri.domain.container.Container c : list) {
            observer.onNext(StreamContainersResponse.newBuilder()
                    .addContainers(ContainerProtoMapper.container(c))
                    .build());
        }
        observer.onCompleted();
    }

    @Override
    public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            ExecResult r = containers()
                    .execSync(new ContainerLifecycle.ExecSyncCommand(
                            request.getContainerId(),
                            request.getCmdList(),
                            Duration.ofSeconds(Math.max(0, request.getTimeout()))));
            return ExecSyncResponse.newBuilder()
                    .setStdout(ByteString.copyFrom(r.stdout()))
                    .setStderr(ByteString.copyFrom(r.stderr()))
                    .setExitCode(r.exitCode())
                    .build();
        });
    }

    @Override
    public void updateContainerResources(
            UpdateContainerResourcesRequest request, StreamObserver<UpdateContainerResourcesResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            if (!request.hasLinux()) {
                throw new JcriException.InvalidArgument("UpdateContainerResources for container "
                        + request.getContainerId() + ": no Linux resources given");
            }
            containers().updateResources(request.getContainerId(), ContainerProtoMapper.resources(request.getLinux()));
            return UpdateContainerResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void updatePodSandboxResources(
            UpdatePodSandboxResourcesRequest request, StreamObserver<UpdatePodSandboxResourcesResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers()
                    .updateSandboxResources(
                            request.getPodSandboxId(),
                            ContainerProtoMapper.resources(request.getOverhead()),
                            ContainerProtoMapper.resources(request.getResources()));
            return UpdatePodSandboxResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void reopenContainerLog(
            ReopenContainerLogRequest request, StreamObserver<ReopenContainerLogResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().reopenLog(request.getContainerId());
            return ReopenContainerLogResponse.getDefaultInstance();
        });
    }

    // ---- Streaming (Exec, Attach, PortForward) ----

    private StreamingServer streaming;

    /** Answers Exec, Attach and PortForward with URLs on {@code server}. */
    GrpcRuntimeService withStreaming(StreamingServer server) {
        this.streaming = server;
        return this;
    }

    private StreamingServer streaming() {
        if (streaming == null) {
            throw new JcriException.Unavailable("the streaming server is not running");
        }
        return streaming;
    }

    @Override
    public void exec(ExecRequest request, StreamObserver<ExecResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ExecResponse.newBuilder()
                        .setUrl(streaming()
                                .execUrl(new Streaming.ExecCommand(
                                        request.getContainerId(),
                                        request.getCmdList(),
                                        request.getTty(),
                                        request.getStdin(),
                                        request.getStdout(),
                                        request.getStderr())))
                        .build());
    }

    @Override
    public void attach(AttachRequest request, StreamObserver<AttachResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> AttachResponse.newBuilder()
                        .setUrl(streaming()
                                .attachUrl(new Streaming.AttachCommand(
                                        request.getContainerId(),
                                        request.getTty(),
                                        request.getStdin(),
                                        request.getStdout(),
                                        request.getStderr())))
                        .build());
    }

    @Override
    public void portForward(PortForwardRequest request, StreamObserver<PortForwardResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> PortForwardResponse.newBuilder()
                        .setUrl(streaming()
                                .portForwardUrl(new Streaming.PortForwardCommand(
                                        request.getPodSandboxId(), request.getPortList())))
                        .build());
    }

    // ---- Stats, metrics and container events (ContainerStats .. GetContainerEvents) ----

    private io.jcri.ports.in.Stats stats;
    private io.jcri.ports.in.Metrics metrics;
    private io.jcri.ports.in.RuntimeEvents events;

    /** Serves the stats and metrics verbs through {@code stats}. */
    GrpcRuntimeService withStats(io.jcri.ports.in.Stats stats) {
        this.stats = stats;
        return this;
    }

    /** Serves ListPodSandboxMetrics and StreamPodSandboxMetrics through {@code metrics}. */
    GrpcRuntimeService withMetrics(io.jcri.ports.in.Metrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Serves GetContainerEvents from {@code events}. */
    GrpcRuntimeService withEvents(io.jcri.ports.in.RuntimeEvents events) {
        this.events = events;
        return this;
    }

    private io.jcri.ports.in.Stats stats() {
        if (stats == null) {
            throw new JcriException.Unavailable("the stats service is not wired");
        }
        return stats;
    }

    private io.jcri.ports.in.Metrics metrics() {
        if (metrics == null) {
            throw new JcriException.Unavailable("the metrics service is not wired");
        }
        return metrics;
    }

    @Override
    public void containerStats(
            io.jcri.cri.v1.ContainerStatsRequest request,
            StreamObserver<io.jcri.cri.v1.ContainerStatsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> io.jcri.cri.v1.ContainerStatsResponse.newBuilder()
                        .setStats(StatsProtoMapper.container(stats().container(request.getContainerId())))
                        .build());
    }

    @Override
    public void listContainerStats(
            io.jcri.cri.v1.ListContainerStatsRequest request,
            StreamObserver<io.jcri.cri.v1.ListContainerStatsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            var response = io.jcri.cri.v1.ListContainerStatsResponse.newBuilder();
            stats().containers(StatsProtoMapper.filter(request.getFilter()))
                    .forEach(s -> response.addStats(StatsProtoMapper.container(s)));
            return response.build();
        });
    }

    @Override
    public void streamContainerStats(
            io.jcri.cri.v1.StreamContainerStatsRequest request,
            StreamObserver<io.jcri.cri.v1.StreamContainerStatsResponse> observer) {
        GrpcCalls.stream(
                observer,
                () -> stats().containers(StatsProtoMapper.filter(request.getFilter())),
                s -> io.jcri.cri.v1.StreamContainerStatsResponse.newBuilder()
                        .addContainerStats(StatsProtoMapper.container(s))
                        .build());
    }

    @Override
    public void podSandboxStats(
            io.jcri.cri.v1.PodSandboxStatsRequest request,
            StreamObserver<io.jcri.cri.v1.PodSandboxStatsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> io.jcri.cri.v1.PodSandboxStatsResponse.newBuilder()
                        .setStats(StatsProtoMapper.pod(stats().pod(request.getPodSandboxId())))
                        .build());
    }

    @Override
    public void listPodSandboxStats(
            io.jcri.cri.v1.ListPodSandboxStatsRequest request,
            StreamObserver<io.jcri.cri.v1.ListPodSandboxStatsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            var response = io.jcri.cri.v1.ListPodSandboxStatsResponse.newBuilder();
            stats().pods(StatsProtoMapper.filter(request.getFilter()))
                    .forEach(s -> response.addStats(StatsProtoMapper.pod(s)));
            return response.build();
        });
    }

    @Override
    public void streamPodSandboxStats(
            io.jcri.cri.v1.StreamPodSandboxStatsRequest request,
            StreamObserver<io.jcri.cri.v1.StreamPodSandboxStatsResponse> observer) {
        GrpcCalls.stream(
                observer,
                () -> stats().pods(StatsProtoMapper.filter(request.getFilter())),
                s -> io.jcri.cri.v1.StreamPodSandboxStatsResponse.newBuilder()
                        .addPodSandboxStats(StatsProtoMapper.pod(s))
                        .build());
    }

    @Override
    public void listMetricDescriptors(
            io.jcri.cri.v1.ListMetricDescriptorsRequest request,
            StreamObserver<io.jcri.cri.v1.ListMetricDescriptorsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> io.jcri.cri.v1.ListMetricDescriptorsResponse.newBuilder()
                        .addAllDescriptors(MetricsProtoMapper.descriptors())
                        .build());
    }

    @Override
    public void listPodSandboxMetrics(
            io.jcri.cri.v1.ListPodSandboxMetricsRequest request,
            StreamObserver<io.jcri.cri.v1.ListPodSandboxMetricsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            var response = io.jcri.cri.v1.ListPodSandboxMetricsResponse.newBuilder();
            java.time.Instant now = java.time.Instant.now();
            metrics().pods().forEach(s -> response.addPodMetrics(MetricsProtoMapper.pod(s, now)));
            return response.build();
        });
    }

    @Override
    public void streamPodSandboxMetrics(
            io.jcri.cri.v1.StreamPodSandboxMetricsRequest request,
            StreamObserver<io.jcri.cri.v1.StreamPodSandboxMetricsResponse> observer) {
        java.time.Instant now = java.time.Instant.now();
        GrpcCalls.stream(
                observer,
                () -> metrics().pods(),
                s -> io.jcri.cri.v1.StreamPodSandboxMetricsResponse.newBuilder()
                        .addPodSandboxMetrics(MetricsProtoMapper.pod(s, now))
                        .build());
    }

    /**
     * Streams container events until the client goes away: each carries the pod's status and its
     * containers' statuses as they are when the event is sent.
     */
    @Override
    public void getContainerEvents(
            io.jcri.cri.v1.GetEventsRequest request, StreamObserver<io.jcri.cri.v1.ContainerEventResponse> observer) {
        if (events == null) {
            observer.onError(ErrorStatus.of(new JcriException.Unavailable("the event bus is not wired"))
                    .asRuntimeException());
            return;
        }
        var call = (io.grpc.stub.ServerCallStreamObserver<io.jcri.cri.v1.ContainerEventResponse>) observer;
        io.jcri.ports.in.RuntimeEvents.Subscription subscription =
                events.subscribe("cri-" + Integer.toHexString(System.identityHashCode(call)), e -> {
                    var type = EventProtoMapper.type(e);
                    if (type.isEmpty() || call.isCancelled()) {
                        return;
                    }
                    java.util.Optional<Sandbox> sandbox;
                    try {
                        sandbox = java.util.Optional.of(
                                sandboxes.status(e.sandboxId(), false).sandbox());
                    } catch (JcriException ex) {
                        sandbox = java.util.Optional.empty();
                    }
                    List<io.jcri.domain.container.Container> pod = containers == null
                            ? List.of()
                            : containers.list(new ContainerLifecycle.Filter("", "", e.sandboxId(), java.util.Map.of()));
                    var message = EventProtoMapper.event(e, type.get(), sandbox, pod);
                    synchronized (call) {
                        if (!call.isCancelled()) {
                            call.onNext(message);
                        }
                    }
                });
        call.setOnCancelHandler(subscription::close);
    }
}
