package io.jcri.adapters.containerd.nri;

import io.jcri.ports.out.NodeResourcePlugins;
import java.io.Closeable;
import java.io.IOException;

/** jcri's NRI endpoint: the socket plugins connect to, and the port the core calls them through. */
public final class NriAdapter implements Closeable {
    private final NriServer server;
    private final NodeResourcePlugins plugins;

    private NriAdapter(NriServer server, NodeResourcePlugins plugins) {
        this.server = server;
        this.plugins = plugins;
    }

    /**
     * Serves NRI on {@code settings.socketPath()} (a stale socket there is replaced; its directory
     * is made 0700 when missing).
     *
     * @param inventory what a plugin that connects is first told
     */
    public static NriAdapter start(NriSettings settings, NodeResourcePlugins.Inventory inventory) throws IOException {
        NriPlugins registry = new NriPlugins();
        NriServer server = new NriServer(settings, registry, inventory);
        server.start();
        return new NriAdapter(server, new NriNodeResourcePlugins(registry, settings.requestTimeout()));
    }

    public NodeResourcePlugins plugins() {
        return plugins;
    }

    /** Disconnects every plugin and removes the socket. */
    @Override
    public void close() {
        server.close();
    }
}
