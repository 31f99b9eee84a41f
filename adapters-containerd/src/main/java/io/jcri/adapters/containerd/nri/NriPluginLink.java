package io.jcri.adapters.containerd.nri;

import io.jcri.domain.error.JcriException;
import java.time.Duration;

/**
 * The runtime's end of one connected plugin: the ttrpc client on the plugin's service connection,
 * the server of the runtime's service on the other, and what the plugin said about itself.
 */
final class NriPluginLink {
    static final String PLUGIN_SERVICE = "nri.pkg.api.v1alpha1.Plugin";
    static final String RUNTIME_SERVICE = "nri.pkg.api.v1alpha1.Runtime";

    private final NriMux mux;
    private final TtrpcChannel client;
    private volatile String name = "";
    private volatile String index = "";
    private volatile int events;

    NriPluginLink(NriMux mux, TtrpcChannel client) {
        this.mux = mux;
        this.client = client;
    }

    void identify(String name, String index) {
        this.name = name;
        this.index = index;
    }

    boolean registered() {
        return !name.isEmpty();
    }

    void subscribe(int events) {
        this.events = events;
    }

    /** Whether the plugin subscribed to {@code event} (an {@code Event} enum number). */
    boolean subscribed(int event) {
        return (events & (1 << (event - 1))) != 0;
    }

    /** The plugin's full name: index, dash, name (how plugins are ordered and named in errors). */
    String id() {
        return index + "-" + name;
    }

    String index() {
        return index;
    }

    boolean closed() {
        return client.isClosed() || mux.isClosed();
    }

    /**
     * Calls {@code method} on the plugin.
     *
     * @throws JcriException.DeadlineExceeded when it does not answer in {@code timeout} (it is then
     *     disconnected: a plugin that hangs would hang every later call)
     * @throws JcriException.FailedPrecondition when it answers with an error, or is gone
     */
    byte[] call(String method, byte[] request, Duration timeout, String what) {
        try {
            return client.call(PLUGIN_SERVICE, method, request, timeout);
        } catch (TtrpcException e) {
            if (e.code() == TtrpcException.DEADLINE_EXCEEDED) {
                close();
                throw new JcriException.DeadlineExceeded("NRI plugin " + id() + " did not answer " + method + " for "
                        + what + " within " + timeout.toMillis() + " ms; it is disconnected");
            }
            throw new JcriException.FailedPrecondition(
                    "NRI plugin " + id() + " failed " + method + " for " + what + ": " + e.getMessage());
        }
    }

    void close() {
        client.close();
        mux.close();
    }
}
