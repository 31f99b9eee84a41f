package io.jcri.adapters.containerd.nri;

import io.jcri.nri.api.ConfigureRequest;
import io.jcri.nri.api.ConfigureResponse;
import io.jcri.nri.api.Empty;
import io.jcri.nri.api.Event;
import io.jcri.nri.api.RegisterPluginRequest;
import io.jcri.nri.api.UpdateContainersRequest;
import io.jcri.nri.api.UpdateContainersResponse;
import io.jcri.ports.out.NodeResourcePlugins;
import io.jcri.ports.threads.NamedThreads;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The NRI socket: accepts plugins, serves the runtime's ttrpc service to each (RegisterPlugin,
 * UpdateContainers), then configures and synchronizes a registered plugin and adds it to the
 * {@link NriPlugins} that lifecycle events go to. A plugin that does not register within the
 * registration timeout, fails Configure or Synchronize, or disconnects, is dropped.
 */
final class NriServer implements Closeable {
    private static final Logger log = Logger.getLogger(NriServer.class.getName());
    /** Every event jcri sends: what a plugin that subscribes to nothing (0) gets. */
    static final int ALL_EVENTS = (1 << (Event.REMOVE_CONTAINER_VALUE)) - 1;

    private final NriSettings settings;
    private final NriPlugins plugins;
    private final NriSynchronizer sync;
    private final ExecutorService calls = Executors.newCachedThreadPool(NamedThreads.daemons("nri-call"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.daemons("nri-timer"));
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocketChannel server;
    private volatile boolean closed;

    NriServer(NriSettings settings, NriPlugins plugins, NodeResourcePlugins.Inventory inventory) {
        this.settings = settings;
        this.plugins = plugins;
        this.sync = new NriSynchronizer(inventory, settings.registrationTimeout());
    }

    void start() throws IOException {
        Path socket = settings.socketPath();
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        Thread t = NamedThreads.daemon("nri-accept", this::acceptLoop);
        t.start();
        log.info(() -> "NRI: serving plugins on " + socket);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                accepted(ch);
            } catch (IOException e) {
                if (!closed) {
                    log.log(Level.WARNING, "NRI: accepting a plugin on " + settings.socketPath() + " failed", e);
                }
            }
        }
    }

    private void accepted(SocketChannel ch) {
        NriMux mux =
                new NriMux(SocketStreams.in(ch), SocketStreams.out(ch), ch, "plugin-" + connections.incrementAndGet());
        TtrpcChannel[] client = new TtrpcChannel[1];
        client[0] = new TtrpcChannel(mux.open(NriMux.PLUGIN_SERVICE_CONN), null, calls, mux::close);
        NriPluginLink link = new NriPluginLink(mux, client[0]);
        TtrpcChannel service = new TtrpcChannel(
                mux.open(NriMux.RUNTIME_SERVICE_CONN),
                (svc, method, payload) -> runtimeService(link, svc, method, payload),
                calls,
                () -> {
                    plugins.remove(link);
                    link.close();
                });
        client[0].start();
        service.start();
        mux.start();
        timers.schedule(
                () -> {
                    if (!link.registered()) {
                        log.warning(() -> "NRI: a plugin connected but did not register within "
                                + settings.registrationTimeout().toMillis() + " ms; disconnecting it");
                        link.close();
                    }
                },
                settings.registrationTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private byte[] runtimeService(NriPluginLink link, String service, String method, byte[] payload)
            throws TtrpcException {
        if (!NriPluginLink.RUNTIME_SERVICE.equals(service)) {
            throw new TtrpcException(TtrpcException.UNIMPLEMENTED, "service " + service + " is not served here");
        }
        switch (method) {
            case "RegisterPlugin" -> {
                RegisterPluginRequest r = TtrpcChannel.parse(RegisterPluginRequest::parseFrom, payload, method);
                if (r.getPluginName().isEmpty() || r.getPluginIdx().isEmpty()) {
                    throw new TtrpcException(
                            TtrpcException.UNKNOWN,
                            "RegisterPlugin needs a plugin name and index" + " (got name \"" + r.getPluginName()
                                    + "\", index \"" + r.getPluginIdx() + "\")");
                }
                link.identify(r.getPluginName(), r.getPluginIdx());
                calls.execute(() -> configureAndSynchronize(link));
                return Empty.getDefaultInstance().toByteArray();
            }
            case "UpdateContainers" -> {
                UpdateContainersRequest r = TtrpcChannel.parse(UpdateContainersRequest::parseFrom, payload, method);
                log.warning(() -> "NRI plugin " + link.id() + " asked for " + r.getUpdateCount()
                        + " unsolicited container updates; jcri does not apply those, all are reported failed");
                return UpdateContainersResponse.newBuilder()
                        .addAllFailed(r.getUpdateList())
                        .build()
                        .toByteArray();
            }
            default ->
                throw new TtrpcException(
                        TtrpcException.UNIMPLEMENTED, "method " + method + " of " + service + " is not served here");
        }
    }

    private void configureAndSynchronize(NriPluginLink link) {
        try {
            ConfigureRequest req = ConfigureRequest.newBuilder()
                    .setRuntimeName(settings.runtimeName())
                    .setRuntimeVersion(settings.runtimeVersion())
                    .setRegistrationTimeout(settings.registrationTimeout().toMillis())
                    .setRequestTimeout(settings.requestTimeout().toMillis())
                    .build();
            byte[] out = link.call("Configure", req.toByteArray(), settings.registrationTimeout(), "its configuration");
            int events = TtrpcChannel.parse(ConfigureResponse::parseFrom, out, "ConfigureResponse")
                    .getEvents();
            link.subscribe(events == 0 ? ALL_EVENTS : events);
            plugins.synchronizeThenAdd(link, () -> sync.synchronize(link));
            log.info(() -> "NRI: plugin " + link.id() + " registered, events 0x" + Integer.toHexString(events));
        } catch (RuntimeException | TtrpcException e) {
            log.warning(() -> "NRI: plugin " + link.id() + " dropped: " + e.getMessage());
            link.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        plugins.closeAll();
        try {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(settings.socketPath());
        } catch (IOException e) {
            log.fine(() -> "NRI: closing " + settings.socketPath() + ": " + e.getMessage());
        }
        calls.shutdownNow();
        timers.shutdownNow();
    }
}
