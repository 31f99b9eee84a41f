package io.jcri.adapters.containerd;

import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ImageRegistry;
import io.jcri.ports.out.ImageStore;
import java.nio.file.Path;
import java.time.Duration;

/** Builds the outbound-port implementations that stand on containerd. */
public final class ContainerdAdapters {
    private ContainerdAdapters() {}

    public static ContainerRuntime containerRuntime(ContainerdClient client) {
        return new ContainerdContainerRuntime(client);
    }

    /** Images in containerd, unpacked into {@code snapshotter}, for the platform jcri runs on. */
    public static ImageStore imageStore(ContainerdClient client, String snapshotter) {
        return io.jcri.adapters.containerd.image.ContainerdImages.store(client, snapshotter);
    }

    /** The registry client, with hosts from the hosts.toml tree at {@code configPath}. */
    public static ImageRegistry imageRegistry(Path configPath, Duration requestTimeout) {
        return new io.jcri.adapters.containerd.registry.HttpImageRegistry(configPath, requestTimeout);
    }
}
