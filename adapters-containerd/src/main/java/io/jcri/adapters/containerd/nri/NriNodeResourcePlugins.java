package io.jcri.adapters.containerd.nri;

import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.plugin.ContainerAdjustment;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.nri.api.ContainerUpdate;
import io.jcri.nri.api.CreateContainerRequest;
import io.jcri.nri.api.CreateContainerResponse;
import io.jcri.nri.api.Event;
import io.jcri.nri.api.RunPodSandboxRequest;
import io.jcri.nri.api.UpdateContainerRequest;
import io.jcri.nri.api.UpdateContainerResponse;
import io.jcri.ports.out.NodeResourcePlugins;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@link NodeResourcePlugins} over NRI: each event goes to every connected plugin subscribed to
 * it, in NRI's order. Pod requests carry the {@code PodSandbox}; container requests the pod and
 * the {@code Container} (NRI's messages for each event share those field numbers: pod 1,
 * container 2).
 */
final class NriNodeResourcePlugins implements NodeResourcePlugins {
    private static final Logger log = Logger.getLogger(NriNodeResourcePlugins.class.getName());

    private final NriPlugins plugins;
    private final Duration timeout;

    NriNodeResourcePlugins(NriPlugins plugins, Duration requestTimeout) {
        this.plugins = plugins;
        this.timeout = requestTimeout;
    }

    @Override
    public <T> T exclusive(Supplier<T> change) {
        return plugins.change(change);
    }

    @Override
    public void runPodSandbox(Sandbox pod) {
        podEvent(Event.RUN_POD_SANDBOX_VALUE, "RunPodSandbox", pod, true);
    }

    @Override
    public void stopPodSandbox(Sandbox pod) {
        podEvent(Event.STOP_POD_SANDBOX_VALUE, "StopPodSandbox", pod, false);
    }

    @Override
    public void removePodSandbox(Sandbox pod) {
        podEvent(Event.REMOVE_POD_SANDBOX_VALUE, "RemovePodSandbox", pod, false);
    }

    @Override
    public ContainerAdjustment createContainer(Sandbox pod, PluginContainer container) {
        byte[] req = CreateContainerRequest.newBuilder()
                .setPod(NriWire.pod(pod))
                .setContainer(NriWire.container(container))
                .build()
                .toByteArray();
        ContainerAdjustment total = ContainerAdjustment.NONE;
        for (NriPluginLink link : plugins.active()) {
            if (!link.subscribed(Event.CREATE_CONTAINER_VALUE)) {
                continue;
            }
            byte[] out = link.call("CreateContainer", req, timeout, what(pod, container));
            CreateContainerResponse r = parse(link, out, CreateContainerResponse::parseFrom, "CreateContainerResponse");
            if (r.hasAdjust()) {
                total = total.then(NriAdjustments.adjustment(r.getAdjust()));
            }
            if (r.getUpdateCount() > 0 || r.getEvictCount() > 0) {
                log.warning(() -> "NRI plugin " + link.id() + " asked, while creating " + what(pod, container)
                        + ", to update or evict other containers; jcri does not apply those");
            }
        }
        return total;
    }

    @Override
    public void postCreateContainer(Sandbox pod, PluginContainer container) {
        containerEvent(Event.POST_CREATE_CONTAINER_VALUE, "PostCreateContainer", pod, container, false);
    }

    @Override
    public void startContainer(Sandbox pod, PluginContainer container) {
        containerEvent(Event.START_CONTAINER_VALUE, "StartContainer", pod, container, true);
    }

    @Override
    public void postStartContainer(Sandbox pod, PluginContainer container) {
        containerEvent(Event.POST_START_CONTAINER_VALUE, "PostStartContainer", pod, container, false);
    }

    @Override
    public LinuxResources updateContainer(Sandbox pod, PluginContainer container, LinuxResources requested) {
        LinuxResources result = requested;
        for (NriPluginLink link : plugins.active()) {
            if (!link.subscribed(Event.UPDATE_CONTAINER_VALUE)) {
                continue;
            }
            byte[] req = UpdateContainerRequest.newBuilder()
                    .setPod(NriWire.pod(pod))
                    .setContainer(NriWire.container(container))
                    .setLinuxResources(NriAdjustments.toWire(result))
                    .build()
                    .toByteArray();
            byte[] out = link.call("UpdateContainer", req, timeout, what(pod, container));
            UpdateContainerResponse r = parse(link, out, UpdateContainerResponse::parseFrom, "UpdateContainerResponse");
            for (ContainerUpdate u : r.getUpdateList()) {
                String target = u.getContainerId();
                if (target.isEmpty() || target.equals(container.container().id())) {
                    result = NriAdjustments.updated(result, u.getLinux().getResources());
                }
            }
        }
        return result;
    }

    @Override
    public void postUpdateContainer(Sandbox pod, PluginContainer container) {
        containerEvent(Event.POST_UPDATE_CONTAINER_VALUE, "PostUpdateContainer", pod, container, false);
    }

    @Override
    public void stopContainer(Sandbox pod, PluginContainer container) {
        containerEvent(Event.STOP_CONTAINER_VALUE, "StopContainer", pod, container, false);
    }

    @Override
    public void removeContainer(Sandbox pod, PluginContainer container) {
        containerEvent(Event.REMOVE_CONTAINER_VALUE, "RemoveContainer", pod, container, false);
    }

    private void podEvent(int event, String method, Sandbox pod, boolean mayFail) {
        // every pod event's request is {PodSandbox pod = 1}
        byte[] req = RunPodSandboxRequest.newBuilder()
                .setPod(NriWire.pod(pod))
                .build()
                .toByteArray();
        send(event, method, req, "pod sandbox " + pod.id(), mayFail);
    }

    private void containerEvent(int event, String method, Sandbox pod, PluginContainer c, boolean mayFail) {
        // every container event's request is {PodSandbox pod = 1; Container container = 2}
        byte[] req = CreateContainerRequest.newBuilder()
                .setPod(NriWire.pod(pod))
                .setContainer(NriWire.container(c))
                .build()
                .toByteArray();
        send(event, method, req, what(pod, c), mayFail);
    }

    private void send(int event, String method, byte[] req, String what, boolean mayFail) {
        for (NriPluginLink link : plugins.active()) {
            if (!link.subscribed(event)) {
                continue;
            }
            try {
                link.call(method, req, timeout, what);
            } catch (JcriException e) {
                if (mayFail) {
                    throw e;
                }
                log.warning(e.getMessage());
            }
        }
    }

    private static String what(Sandbox pod, PluginContainer c) {
        return "container \"" + c.container().metadata().name() + "\" ("
                + c.container().id() + ") in pod sandbox " + pod.id();
    }

    private static <T> T parse(NriPluginLink link, byte[] out, TtrpcChannel.ProtoParser<T> parser, String what) {
        try {
            return TtrpcChannel.parse(parser, out, what);
        } catch (TtrpcException e) {
            throw new JcriException.FailedPrecondition("NRI plugin " + link.id() + ": " + e.getMessage());
        }
    }
}
