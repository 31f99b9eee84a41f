package io.jcri.adapters.containerd.nri;

import io.jcri.nri.api.ConfigureResponse;
import io.jcri.nri.api.Container;
import io.jcri.nri.api.ContainerAdjustment;
import io.jcri.nri.api.ContainerUpdate;
import io.jcri.nri.api.CreateContainerRequest;
import io.jcri.nri.api.CreateContainerResponse;
import io.jcri.nri.api.Empty;
import io.jcri.nri.api.PodSandbox;
import io.jcri.nri.api.RegisterPluginRequest;
import io.jcri.nri.api.RunPodSandboxRequest;
import io.jcri.nri.api.SynchronizeRequest;
import io.jcri.nri.api.SynchronizeResponse;
import io.jcri.nri.api.UpdateContainerRequest;
import io.jcri.nri.api.UpdateContainerResponse;
import io.jcri.ports.threads.NamedThreads;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's end of NRI, in Java: connects to a runtime's NRI socket, registers, serves the
 * plugin service to a {@link Plugin}. Used by jcri's tests as the plugin a kubelet's node would
 * run; it speaks the same wire as any NRI plugin.
 */
public final class NriPluginStub implements Closeable {

    /** What the plugin does; every method has a default that does nothing. */
    public interface Plugin {
        /** The events it subscribes to (bit {@code event - 1} of NRI's {@code Event}); 0 for all. */
        default int events() {
            return 0;
        }

        default void synchronize(List<PodSandbox> pods, List<Container> containers) {}

        default ContainerAdjustment createContainer(PodSandbox pod, Container container) {
            return ContainerAdjustment.getDefaultInstance();
        }

        default List<ContainerUpdate> updateContainer(PodSandbox pod, Container container) {
            return List.of();
        }

        /** Any other event: {@code method} is NRI's name for it (RunPodSandbox, StartContainer...). */
        default void event(String method, PodSandbox pod, Container container) {}
    }

    private final NriMux mux;
    private final TtrpcChannel runtime;
    private final ExecutorService pool;

    private NriPluginStub(NriMux mux, TtrpcChannel runtime, ExecutorService pool) {
        this.mux = mux;
        this.runtime = runtime;
        this.pool = pool;
    }

    /** Connects, registers as {@code index-name} and waits until the runtime has synchronized it. */
    public static NriPluginStub connect(Path socket, String name, String index, Plugin plugin, Duration timeout)
            throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ExecutorService pool = Executors.newCachedThreadPool(NamedThreads.daemons("nri-stub-" + name));
        NriMux mux = new NriMux(SocketStreams.in(ch), SocketStreams.out(ch), ch, "stub-" + name);
        CountDownLatch synced = new CountDownLatch(1);
        Service service = new Service(plugin, synced);
        new TtrpcChannel(mux.open(NriMux.PLUGIN_SERVICE_CONN), service::handle, pool, mux::close).start();
        TtrpcChannel runtime = new TtrpcChannel(mux.open(NriMux.RUNTIME_SERVICE_CONN), null, pool, mux::close);
        runtime.start();
        mux.start();
        NriPluginStub stub = new NriPluginStub(mux, runtime, pool);
        try {
            byte[] req = RegisterPluginRequest.newBuilder()
                    .setPluginName(name)
                    .setPluginIdx(index)
                    .build()
                    .toByteArray();
            runtime.call(NriPluginLink.RUNTIME_SERVICE, "RegisterPlugin", req, timeout);
            if (!synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("NRI runtime on " + socket + " did not synchronize plugin " + index + "-" + name
                        + " within " + timeout);
            }
            return stub;
        } catch (TtrpcException e) {
            stub.close();
            throw new IOException("registering NRI plugin " + index + "-" + name + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stub.close();
            throw new IOException("interrupted registering NRI plugin " + name, e);
        }
    }

    public boolean connected() {
        return !mux.isClosed();
    }

    @Override
    public void close() {
        runtime.close();
        mux.close();
        pool.shutdownNow();
    }

    private static final class Service {
        private final Plugin plugin;
        private final CountDownLatch synced;
        private final List<PodSandbox> pods = new ArrayList<>();
        private final List<Container> containers = new ArrayList<>();

        Service(Plugin plugin, CountDownLatch synced) {
            this.plugin = plugin;
            this.synced = synced;
        }

        byte[] handle(String service, String method, byte[] payload) throws TtrpcException {
            switch (method) {
                case "Configure":
                    return ConfigureResponse.newBuilder()
                            .setEvents(plugin.events())
                            .build()
                            .toByteArray();
                case "Synchronize":
                    return synchronize(TtrpcChannel.parse(SynchronizeRequest::parseFrom, payload, method));
                case "Shutdown":
                    return Empty.getDefaultInstance().toByteArray();
                case "CreateContainer": {
                    CreateContainerRequest r = TtrpcChannel.parse(CreateContainerRequest::parseFrom, payload, method);
                    ContainerAdjustment adj = plugin.createContainer(r.getPod(), r.getContainer());
                    return CreateContainerResponse.newBuilder()
                            .setAdjust(adj)
                            .build()
                            .toByteArray();
                }
                case "UpdateContainer": {
                    UpdateContainerRequest r = TtrpcChannel.parse(UpdateContainerRequest::parseFrom, payload, method);
                    List<ContainerUpdate> u = plugin.updateContainer(r.getPod(), r.getContainer());
                    return UpdateContainerResponse.newBuilder()
                            .addAllUpdate(u)
                            .build()
                            .toByteArray();
                }
                case "RunPodSandbox", "StopPodSandbox", "RemovePodSandbox": {
                    RunPodSandboxRequest r = TtrpcChannel.parse(RunPodSandboxRequest::parseFrom, payload, method);
                    plugin.event(method, r.getPod(), null);
                    return new byte[0];
                }
                case "PostCreateContainer",
                        "StartContainer",
                        "PostStartContainer",
                        "PostUpdateContainer",
                        "StopContainer",
                        "RemoveContainer": {
                    CreateContainerRequest r = TtrpcChannel.parse(CreateContainerRequest::parseFrom, payload, method);
                    plugin.event(method, r.getPod(), r.getContainer());
                    return new byte[0];
                }
                default:
                    throw new TtrpcException(TtrpcException.UNIMPLEMENTED, service + "/" + method + " not served");
            }
        }

        private synchronized byte[] synchronize(SynchronizeRequest r) {
            pods.addAll(r.getPodsList());
            containers.addAll(r.getContainersList());
            if (!r.getMore()) {
                plugin.synchronize(List.copyOf(pods), List.copyOf(containers));
                pods.clear();
                containers.clear();
                synced.countDown();
            }
            return SynchronizeResponse.newBuilder().setMore(r.getMore()).build().toByteArray();
        }
    }
}
