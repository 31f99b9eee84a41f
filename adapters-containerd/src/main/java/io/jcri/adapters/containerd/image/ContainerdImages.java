package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.domain.image.Platform;
import io.jcri.ports.out.ImageStore;

/** Builds the containerd image store (its class stays package-private). */
public final class ContainerdImages {
    private ContainerdImages() {}

    public static ImageStore store(ContainerdClient client, String snapshotter) {
        return new ContainerdImageStore(client, snapshotter, Platform.current());
    }
}
