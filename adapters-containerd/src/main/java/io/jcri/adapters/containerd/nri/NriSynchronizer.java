package io.jcri.adapters.containerd.nri;

import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.nri.api.SynchronizeRequest;
import io.jcri.ports.out.NodeResourcePlugins;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells a newly registered plugin every pod and container: one Synchronize call, or several
 * ({@code more} set on all but the last) when the list is too big for one ttrpc message.
 */
final class NriSynchronizer {
    /** Room left under ttrpc's 4 MiB for the envelope. */
    static final int CHUNK_BYTES = 3 << 20;

    private final NodeResourcePlugins.Inventory inventory;
    private final Duration timeout;

    NriSynchronizer(NodeResourcePlugins.Inventory inventory, Duration timeout) {
        this.inventory = inventory;
        this.timeout = timeout;
    }

    void synchronize(NriPluginLink link) {
        for (SynchronizeRequest r : requests(inventory.pods(), inventory.containers(), CHUNK_BYTES)) {
            link.call("Synchronize", r.toByteArray(), timeout, "the node's pods and containers");
        }
    }

    static List<SynchronizeRequest> requests(List<Sandbox> pods, List<PluginContainer> containers, int chunkBytes) {
        List<SynchronizeRequest> out = new ArrayList<>();
        SynchronizeRequest.Builder b = SynchronizeRequest.newBuilder();
        for (Sandbox p : pods) {
            io.jcri.nri.api.PodSandbox pod = NriWire.pod(p);
            if (b.build().getSerializedSize() + pod.getSerializedSize() + 8 > chunkBytes
                    && (b.getPodsCount() + b.getContainersCount()) > 0) {
                out.add(b.setMore(true).build());
                b = SynchronizeRequest.newBuilder();
            }
            b.addPods(pod);
        }
        for (PluginContainer c : containers) {
            io.jcri.nri.api.Container container = NriWire.container(c);
            if (b.build().getSerializedSize() + container.getSerializedSize() + 8 > chunkBytes
                    && (b.getPodsCount() + b.getContainersCount()) > 0) {
                out.add(b.setMore(true).build());
                b = SynchronizeRequest.newBuilder();
            }
            b.addContainers(container);
        }
        out.add(b.setMore(false).build());
        return out;
    }
}
