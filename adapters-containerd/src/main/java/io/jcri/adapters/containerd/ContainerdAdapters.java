package io.jcri.adapters.containerd;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.io.NodeContainerIo;
import io.jcri.adapters.containerd.node.HostFactsProbe;
import io.jcri.adapters.containerd.pause.BuiltinPauseRegistry;
import io.jcri.adapters.containerd.sandbox.NodeSandboxFiles;
import io.jcri.adapters.containerd.task.ContainerdContainerRuntime;
import io.jcri.domain.oci.HostFacts;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ImageRegistry;
import io.jcri.ports.out.ImageStore;
import io.jcri.ports.out.SandboxFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Builds the outbound-port implementations that stand on containerd. */
public final class ContainerdAdapters {
    private ContainerdAdapters() {}

    public static ContainerRuntime containerRuntime(ContainerdClient client) {
        return ContainerdContainerRuntime.create(client);
    }

    /**
     * The node side of tasks' stdio; ExecSync's FIFOs go under {@code execFifoDir} (such as
     * {@code <jcri state>/io/exec}).
     */
    public static ContainerIo containerIo(ContainerRuntime runtime, Path execFifoDir) {
        return new NodeContainerIo(runtime, execFifoDir, Clock.systemUTC());
    }

    /** Images in containerd, unpacked into {@code snapshotter}, for the platform jcri runs on. */
    public static ImageStore imageStore(ContainerdClient client, String snapshotter) {
        return io.jcri.adapters.containerd.image.ContainerdImages.store(client, snapshotter);
    }

    /**
     * The registry client, with hosts from the hosts.toml tree at {@code configPath}; jcri's
     * built-in images are served from memory by the same client.
     */
    public static ImageRegistry imageRegistry(Path configPath, Duration requestTimeout) {
        return new BuiltinPauseRegistry(
                new io.jcri.adapters.containerd.registry.HttpImageRegistry(configPath, requestTimeout));
    }

    /** The node-local files of pod sandboxes, under jcri's root and state dirs. */
    public static SandboxFiles sandboxFiles(Path rootDir, Path stateDir) {
        return new NodeSandboxFiles(rootDir, stateDir);
    }

    /** What this node allows in OCI specs (cgroup version, capabilities, oom_score_adj floor). */
    public static HostFacts hostFacts(boolean systemdCgroup) {
        return HostFactsProbe.probe(systemdCgroup);
    }

    /**
     * What the runtime handler {@code name} can do on this node (recursive read-only mounts when
     * its OCI runtime takes {@code rro} and the kernel has mount_setattr), found by asking them.
     */
    public static io.jcri.domain.runtime.HandlerFeatures handlerFeatures(
            String name, io.jcri.domain.task.OciRuntime runtime) {
        return io.jcri.adapters.containerd.node.RuntimeFeaturesProbe.probe(name, runtime);
    }

    // ---- containers: status files, record documents, node reads ----

    /** Containers' status files under {@code dir} ({@code <root-dir>/containers}). */
    public static io.jcri.ports.out.ContainerStatusFiles containerStatusFiles(Path dir) {
        return io.jcri.adapters.containerd.container.ContainerSupport.statusFiles(dir);
    }

    public static io.jcri.ports.out.ContainerDocuments containerDocuments() {
        return io.jcri.adapters.containerd.container.ContainerSupport.documents();
    }

    /** What container creation reads on this node; {@code facts} from {@link #hostFacts}. */
    public static io.jcri.ports.out.ContainerHost containerHost(HostFacts facts) {
        return io.jcri.adapters.containerd.container.ContainerSupport.host(facts);
    }

    /** The node with CDI spec files read from {@code cdiSpecDirs} (lowest priority first). */
    public static io.jcri.ports.out.ContainerHost containerHost(
            HostFacts facts, java.util.List<java.nio.file.Path> cdiSpecDirs) {
        return io.jcri.adapters.containerd.container.ContainerSupport.host(facts, cdiSpecDirs);
    }

    /** Where containers' image volumes are mounted: {@code dir} ({@code <state-dir>/image-volumes}). */
    public static io.jcri.ports.out.ImageVolumeMounts imageVolumeMounts(Path dir) {
        return new io.jcri.adapters.containerd.volume.NodeImageVolumeMounts(dir);
    }

    /** Where the volumes images declare get their directories: {@code dir} ({@code <root-dir>/volumes}). */
    public static io.jcri.ports.out.VolumeDirectories volumeDirectories(Path dir) {
        return new io.jcri.adapters.containerd.volume.NodeVolumeDirectories(dir);
    }

    /** Tasks' cgroup readings and writable layers' disk use, from containerd. */
    public static io.jcri.ports.out.ResourceStats resourceStats(ContainerdClient client, ContainerRuntime runtime) {
        return new io.jcri.adapters.containerd.stats.ContainerdResourceStats(client, runtime, Clock.systemUTC());
    }
}
