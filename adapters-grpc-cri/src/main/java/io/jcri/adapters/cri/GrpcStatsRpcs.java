package io.jcri.adapters.cri;

import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.ContainerStatsRequest;
import io.jcri.cri.v1.ContainerStatsResponse;
import io.jcri.cri.v1.ListContainerStatsRequest;
import io.jcri.cri.v1.ListContainerStatsResponse;
import io.jcri.cri.v1.ListMetricDescriptorsRequest;
import io.jcri.cri.v1.ListMetricDescriptorsResponse;
import io.jcri.cri.v1.ListPodSandboxMetricsRequest;
import io.jcri.cri.v1.ListPodSandboxMetricsResponse;
import io.jcri.cri.v1.ListPodSandboxStatsRequest;
import io.jcri.cri.v1.ListPodSandboxStatsResponse;
import io.jcri.cri.v1.PodSandboxStatsRequest;
import io.jcri.cri.v1.PodSandboxStatsResponse;
import io.jcri.cri.v1.StreamContainerStatsRequest;
import io.jcri.cri.v1.StreamContainerStatsResponse;
import io.jcri.cri.v1.StreamPodSandboxMetricsRequest;
import io.jcri.cri.v1.StreamPodSandboxMetricsResponse;
import io.jcri.cri.v1.StreamPodSandboxStatsRequest;
import io.jcri.cri.v1.StreamPodSandboxStatsResponse;
import io.jcri.ports.in.Stats;
import java.time.Instant;

/** ContainerStats to StreamPodSandboxMetrics: the stats and metrics RPCs over their use cases. */
final class GrpcStatsRpcs {
    private final CriUseCases useCases;

    GrpcStatsRpcs(CriUseCases useCases) {
        this.useCases = useCases;
    }

    private Stats stats() {
        return useCases.stats();
    }

    void container(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ContainerStatsResponse.newBuilder()
                        .setStats(StatsProtoMapper.container(stats().container(request.getContainerId())))
                        .build());
    }

    void listContainers(ListContainerStatsRequest request, StreamObserver<ListContainerStatsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            var response = ListContainerStatsResponse.newBuilder();
            stats().containers(StatsProtoMapper.filter(request.getFilter()))
                    .forEach(s -> response.addStats(StatsProtoMapper.container(s)));
            return response.build();
        });
    }

    void streamContainers(StreamContainerStatsRequest request, StreamObserver<StreamContainerStatsResponse> observer) {
        GrpcCalls.stream(
                observer,
                () -> stats().containers(StatsProtoMapper.filter(request.getFilter())),
                s -> StreamContainerStatsResponse.newBuilder()
                        .addContainerStats(StatsProtoMapper.container(s))
                        .build());
    }

    void pod(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> PodSandboxStatsResponse.newBuilder()
                        .setStats(StatsProtoMapper.pod(stats().pod(request.getPodSandboxId())))
                        .build());
    }

    void listPods(ListPodSandboxStatsRequest request, StreamObserver<ListPodSandboxStatsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            var response = ListPodSandboxStatsResponse.newBuilder();
            stats().pods(StatsProtoMapper.filter(request.getFilter()))
                    .forEach(s -> response.addStats(StatsProtoMapper.pod(s)));
            return response.build();
        });
    }

    void streamPods(StreamPodSandboxStatsRequest request, StreamObserver<StreamPodSandboxStatsResponse> observer) {
        GrpcCalls.stream(
                observer,
                () -> stats().pods(StatsProtoMapper.filter(request.getFilter())),
                s -> StreamPodSandboxStatsResponse.newBuilder()
                        .addPodSandboxStats(StatsProtoMapper.pod(s))
                        .build());
    }

    void metricDescriptors(
            ListMetricDescriptorsRequest request, StreamObserver<ListMetricDescriptorsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ListMetricDescriptorsResponse.newBuilder()
                        .addAllDescriptors(MetricsProtoMapper.descriptors())
                        .build());
    }

    void listPodMetrics(ListPodSandboxMetricsRequest request, StreamObserver<ListPodSandboxMetricsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            var response = ListPodSandboxMetricsResponse.newBuilder();
            Instant now = Instant.now();
            useCases.metrics().pods().forEach(s -> response.addPodMetrics(MetricsProtoMapper.pod(s, now)));
            return response.build();
        });
    }

    void streamPodMetrics(
            StreamPodSandboxMetricsRequest request, StreamObserver<StreamPodSandboxMetricsResponse> observer) {
        Instant now = Instant.now();
        GrpcCalls.stream(
                observer,
                () -> useCases.metrics().pods(),
                s -> StreamPodSandboxMetricsResponse.newBuilder()
                        .addPodSandboxMetrics(MetricsProtoMapper.pod(s, now))
                        .build());
    }
}
