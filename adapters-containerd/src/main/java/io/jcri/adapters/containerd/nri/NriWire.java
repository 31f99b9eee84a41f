package io.jcri.adapters.containerd.nri;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.nri.api.LinuxPodSandbox;
import io.jcri.nri.api.Mount;
import io.jcri.nri.api.PodSandbox;
import java.time.Instant;

/** jcri's pods and containers as NRI's {@code PodSandbox} and {@code Container} messages. */
final class NriWire {
    private NriWire() {}

    static PodSandbox pod(Sandbox s) {
        PodSandbox.Builder b = PodSandbox.newBuilder()
                .setId(s.id())
                .setName(s.config().name())
                .setUid(s.config().uid())
                .setNamespace(s.config().namespace())
                .putAllLabels(s.config().labels())
                .putAllAnnotations(s.config().annotations())
                .setRuntimeHandler(s.runtimeHandler())
                .setPid(Math.max(0, s.pid()))
                .setLinux(
                        LinuxPodSandbox.newBuilder().setCgroupParent(s.config().cgroupParent()));
        if (s.ips() != null) {
            b.addAllIps(s.ips().all());
        }
        return b.build();
    }

    static io.jcri.nri.api.Container container(PluginContainer view) {
        Container c = view.container();
        io.jcri.nri.api.Container.Builder b = io.jcri.nri.api.Container.newBuilder()
                .setId(c.id())
                .setPodSandboxId(c.sandboxId())
                .setName(c.metadata().name())
                .putAllLabels(c.metadata().labels())
                .putAllAnnotations(c.metadata().annotations())
                .addAllArgs(view.args())
                .addAllEnv(view.env())
                .setCreatedAt(nanos(c.metadata().createdAt()));
        for (io.jcri.domain.container.ContainerMount m : c.metadata().mounts()) {
            b.addMounts(Mount.newBuilder()
                    .setDestination(m.containerPath())
                    .setSource(m.hostPath())
                    .setType("bind")
                    .addOptions("rbind")
                    .addOptions(m.readonly() ? "ro" : "rw"));
        }
        state(b, c.state());
        return b.build();
    }

    private static void state(io.jcri.nri.api.Container.Builder b, ContainerState state) {
        if (state instanceof ContainerState.Created) {
            b.setState(io.jcri.nri.api.ContainerState.CONTAINER_CREATED);
        } else if (state instanceof ContainerState.Running r) {
            b.setState(io.jcri.nri.api.ContainerState.CONTAINER_RUNNING)
                    .setPid(Math.max(0, r.pid()))
                    .setStartedAt(nanos(r.startedAt()));
        } else if (state instanceof ContainerState.Exited e) {
            b.setState(io.jcri.nri.api.ContainerState.CONTAINER_STOPPED)
                    .setFinishedAt(nanos(e.finishedAt()))
                    .setExitCode(e.exitCode())
                    .setStatusReason(e.reason())
                    .setStatusMessage(e.message());
            if (e.startedAt() != null) {
                b.setStartedAt(nanos(e.startedAt()));
            }
        } else {
            b.setState(io.jcri.nri.api.ContainerState.CONTAINER_UNKNOWN);
        }
    }

    private static long nanos(Instant t) {
        return t == null ? 0 : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
