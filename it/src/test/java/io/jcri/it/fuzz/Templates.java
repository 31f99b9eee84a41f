package io.jcri.it.fuzz;

import com.google.protobuf.Message;
import io.jcri.cri.v1.AttachRequest;
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointPodRequest;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerFilter;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerStatsRequest;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecRequest;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ImageStatusRequest;
import io.jcri.cri.v1.LinuxContainerResources;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.NetworkConfig;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxFilter;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxStatsRequest;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.PortForwardRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RemoveImageRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.ReopenContainerLogRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RuntimeConfig;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.cri.v1.UpdateContainerResourcesRequest;
import io.jcri.cri.v1.UpdatePodSandboxResourcesRequest;
import io.jcri.cri.v1.UpdateRuntimeConfigRequest;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A valid request of each RPC, as a kubelet would send it, naming the run's live objects; the
 * fuzzer sends some as they are and mutates others field by field. RPCs not listed take their
 * default (empty) request, which is valid for them.
 */
final class Templates {
    private final FuzzState state;
    private final Path logs;
    private final Path scratch;
    private final String subnet;

    Templates(FuzzState state, Path logs, Path scratch, String subnet) {
        this.state = state;
        this.logs = logs;
        this.scratch = scratch;
        this.subnet = subnet;
    }

    /** A pod's configuration with a name and UID of its own. */
    PodSandboxConfig pod(String name) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace("fuzz")
                        .setUid("uid-" + name))
                .setHostname(name)
                .setLogDirectory(logs.resolve(name).toString())
                .putLabels("fuzz", "yes")
                .build();
    }

    /** A container that ends on SIGTERM at once, so stopping it never waits for a timeout. */
    ContainerConfig container(String name) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(state.busybox()))
                .addCommand("sh")
                .addArgs("-c")
                .addArgs("trap 'exit 0' TERM; while true; do sleep 1; done")
                .setLogPath(name + ".log")
                .build();
    }

    Message of(String rpc, SplittableRandom r, Message prototype) {
        String name = "f" + Long.toHexString(r.nextLong() & 0xffffffffffL);
        String pod = state.somePod(r).orElse("");
        String ctr = state.someContainer(r).orElse("");
        return switch (rpc) {
            case "RunPodSandbox" ->
                RunPodSandboxRequest.newBuilder().setConfig(pod(name)).build();
            case "StopPodSandbox" ->
                StopPodSandboxRequest.newBuilder().setPodSandboxId(pod).build();
            case "RemovePodSandbox" ->
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build();
            case "PodSandboxStatus" ->
                PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setVerbose(r.nextBoolean())
                        .build();
            case "ListPodSandbox" ->
                ListPodSandboxRequest.newBuilder()
                        .setFilter(PodSandboxFilter.newBuilder().setId(pod))
                        .build();
            case "CreateContainer" ->
                CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(container(name))
                        .setSandboxConfig(pod(name))
                        .build();
            case "StartContainer" ->
                StartContainerRequest.newBuilder().setContainerId(ctr).build();
            case "StopContainer" ->
                StopContainerRequest.newBuilder()
                        .setContainerId(ctr)
                        .setTimeout(r.nextInt(3))
                        .build();
            case "RemoveContainer" ->
                RemoveContainerRequest.newBuilder().setContainerId(ctr).build();
            case "ListContainers" ->
                ListContainersRequest.newBuilder()
                        .setFilter(ContainerFilter.newBuilder().setPodSandboxId(pod))
                        .build();
            case "ContainerStatus" ->
                ContainerStatusRequest.newBuilder().setContainerId(ctr).build();
            case "UpdateContainerResources" ->
                UpdateContainerResourcesRequest.newBuilder()
                        .setContainerId(ctr)
                        .setLinux(resources())
                        .build();
            case "UpdatePodSandboxResources" ->
                UpdatePodSandboxResourcesRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setResources(resources())
                        .build();
            case "ReopenContainerLog" ->
                ReopenContainerLogRequest.newBuilder().setContainerId(ctr).build();
            case "ExecSync" ->
                ExecSyncRequest.newBuilder()
                        .setContainerId(ctr)
                        .addCmd("true")
                        .setTimeout(5)
                        .build();
            case "Exec" ->
                ExecRequest.newBuilder()
                        .setContainerId(ctr)
                        .addCmd("true")
                        .setStdout(true)
                        .build();
            case "Attach" ->
                AttachRequest.newBuilder().setContainerId(ctr).setStdout(true).build();
            case "PortForward" ->
                PortForwardRequest.newBuilder().setPodSandboxId(pod).addPort(80).build();
            case "ContainerStats" ->
                ContainerStatsRequest.newBuilder().setContainerId(ctr).build();
            case "PodSandboxStats" ->
                PodSandboxStatsRequest.newBuilder().setPodSandboxId(pod).build();
            case "UpdateRuntimeConfig" ->
                UpdateRuntimeConfigRequest.newBuilder()
                        .setRuntimeConfig(RuntimeConfig.newBuilder()
                                .setNetworkConfig(NetworkConfig.newBuilder().setPodCidr(subnet)))
                        .build();
            case "CheckpointContainer" ->
                CheckpointContainerRequest.newBuilder()
                        .setContainerId(ctr)
                        .setLocation(scratch.resolve(name + ".tar").toString())
                        .build();
            case "CheckpointPod" ->
                CheckpointPodRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setOutputPath(scratch.resolve(name + ".tar").toString())
                        .build();
            case "PullImage" ->
                PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(state.busybox()))
                        .build();
            case "ImageStatus" ->
                ImageStatusRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder()
                                .setImage(state.someImage(r).orElse(state.busybox())))
                        .build();
            case "RemoveImage" ->
                RemoveImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(state.registry() + "/fuzz/none:1"))
                        .build();
            default -> prototype;
        };
    }

    private static LinuxContainerResources resources() {
        return LinuxContainerResources.newBuilder()
                .setCpuShares(512)
                .setCpuPeriod(100_000)
                .setCpuQuota(50_000)
                .setMemoryLimitInBytes(256L << 20)
                .build();
    }
}
