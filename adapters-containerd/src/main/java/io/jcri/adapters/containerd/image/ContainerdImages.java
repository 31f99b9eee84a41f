package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.domain.image.Platform;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.ImageRecordListener;
import io.jcri.ports.out.ImageStore;
import java.util.function.Function;

/** Builds the containerd image store (its class stays package-private). */
public final class ContainerdImages {
    private ContainerdImages() {}

    public static ImageStore store(ContainerdClient client, String snapshotter) {
        return new ContainerdImageStore(client, snapshotter, Platform.current(), null);
    }

    /** The store, watching its records through {@code watcher} (containerd's image events). */
    public static ImageStore store(
            ContainerdClient client, String snapshotter, Function<ImageRecordListener, EventSubscription> watcher) {
        return new ContainerdImageStore(client, snapshotter, Platform.current(), watcher);
    }
}
