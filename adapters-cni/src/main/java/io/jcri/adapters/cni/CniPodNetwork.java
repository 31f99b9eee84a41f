package io.jcri.adapters.cni;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.NetworkStatus;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PodNetwork} over CNI. The network configuration is loaded at start and reloaded whenever
 * the conf dir changes (inotify through a {@link WatchService}, with a periodic check that also
 * notices the dir itself appearing or going away), so a new or changed file is picked up without
 * a restart. Namespaces are pinned under {@code <state-dir>/netns}; attachments are recorded
 * under {@code <root-dir>/cni/results}, so a detach after a restart uses exactly what the attach
 * used.
 */
public final class CniPodNetwork implements PodNetwork, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CniPodNetwork.class);

    /** How long one plugin may run before it is killed, unless the factory is told otherwise. */
    public static final Duration DEFAULT_PLUGIN_TIMEOUT = Duration.ofSeconds(60);

    private final Path confDir;
    private final CniConfigLoader loader;
    private final PinnedNetns netns;
    private final CniAttachments attachments;
    private final ExecutorService pluginIo;
    private final AtomicReference<NetworkStatus> status = new AtomicReference<>();
    private final long pollMillis;
    private volatile String fingerprint = "";
    private volatile boolean closed;
    private Thread watcher;

    CniPodNetwork(
            Path confDir, List<Path> binDirs, Path stateDir, Path rootDir, Duration pluginTimeout, long pollMillis) {
        this.confDir = confDir;
        this.loader = new CniConfigLoader(confDir, binDirs);
        this.pollMillis = pollMillis;
        this.netns = new PinnedNetns(stateDir.resolve("netns"));
        this.pluginIo = Executors.newCachedThreadPool(NamedThreads.daemons("cni-plugin-io"));
        this.attachments = new CniAttachments(
                new PluginExec(binDirs, pluginTimeout, pluginIo),
                new AttachmentStore(rootDir.resolve("cni").resolve("results")),
                CniPodNetwork::isNetns);
        reload();
    }

    /**
     * A pod network on the conf dir and bin dirs, watching the conf dir, with namespaces under
     * {@code <stateDir>/netns} and attachment records under {@code <rootDir>/cni/results}.
     */
    public static CniPodNetwork start(Path confDir, List<Path> binDirs, Path stateDir, Path rootDir) {
        return start(confDir, binDirs, stateDir, rootDir, DEFAULT_PLUGIN_TIMEOUT);
    }

    /** As {@link #start(Path, List, Path, Path)}, with the time one plugin run may take. */
    public static CniPodNetwork start(
            Path confDir, List<Path> binDirs, Path stateDir, Path rootDir, Duration pluginTimeout) {
        CniPodNetwork network = new CniPodNetwork(confDir, binDirs, stateDir, rootDir, pluginTimeout, 2000);
        network.startWatching();
        return network;
    }

    @Override
    public NetworkStatus networkStatus() {
        return status.get();
    }

    @Override
    public Path createNetns(String sandboxId) {
        return netns.create(sandboxId);
    }

    @Override
    public void removeNetns(Path path) {
        netns.remove(path);
    }

    @Override
    public List<Path> listNetns() {
        return netns.list();
    }

    @Override
    public PodNetworkAttachment attach(PodAttachRequest request) {
        PinnedNetns.checkSandboxId(request.sandboxId());
        NetworkStatus now = status.get();
        if (!(now instanceof NetworkStatus.Ready ready)) {
            throw new JcriException.FailedPrecondition("cannot attach sandbox " + request.sandboxId()
                    + " to the pod network: " + ((NetworkStatus.NotReady) now).message());
        }
        if (!isNetns(request.netns().toString())) {
            throw new JcriException.FailedPrecondition("cannot attach sandbox " + request.sandboxId()
                    + ": its network namespace " + request.netns() + " does not exist");
        }
        return attachments.attach(ready.config(), request);
    }

    @Override
    public void detach(String sandboxId) {
        PinnedNetns.checkSandboxId(sandboxId);
        attachments.detach(sandboxId);
    }

    @Override
    public Optional<PodNetworkAttachment> attachment(String sandboxId) {
        PinnedNetns.checkSandboxId(sandboxId);
        return attachments.attachment(sandboxId);
    }

    @Override
    public Optional<PodNetworkAttachment> attachmentInMemory(String sandboxId) {
        return attachments.attachmentInMemory(sandboxId);
    }

    @Override
    public Set<String> attachedSandboxIds() {
        return attachments.ids();
    }

    /** A namespace pinned to a file, or a process's namespace under /proc. */
    static boolean isNetns(String path) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            return false;
        }
        return p.startsWith("/proc/") || PinnedNetns.isPinned(p);
    }

    public Path confDir() {
        return confDir;
    }

    /** Loads the configuration again if the conf dir changed since the last load. */
    void reloadIfChanged() {
        if (!fingerprint().equals(fingerprint)) {
            reload();
        }
    }

    private synchronized void reload() {
        fingerprint = fingerprint();
        NetworkStatus next = loader.load();
        NetworkStatus previous = status.getAndSet(next);
        if (!next.equals(previous)) {
            if (next instanceof NetworkStatus.Ready ready) {
                log.info(
                        "CNI network \"{}\" (cniVersion {}, plugins {}) loaded from {}",
                        ready.config().name(),
                        ready.config().cniVersion(),
                        ready.config().pluginTypes(),
                        ready.config().source());
            } else {
                log.warn("CNI network not ready: {}", ((NetworkStatus.NotReady) next).message());
            }
        }
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(confDir)) {
            files.sorted().forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    sb.append(p.getFileName())
                            .append(':')
                            .append(a.size())
                            .append(':')
                            .append(a.lastModifiedTime().toMillis())
                            .append('|');
                } catch (IOException e) {
                    sb.append(p.getFileName()).append(":gone|");
                }
            });
        } catch (IOException e) {
            sb.append("no-dir");
        }
        return sb.toString();
    }

    void startWatching() {
        watcher = NamedThreads.daemon("cni-conf-watcher", this::watch);
        watcher.start();
    }

    private void watch() {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            WatchKey key = null;
            while (!closed) {
                if ((key == null || !key.isValid()) && Files.isDirectory(confDir)) {
                    try {
                        key = confDir.register(
                                ws,
                                StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_MODIFY,
                                StandardWatchEventKinds.ENTRY_DELETE);
                    } catch (IOException e) {
                        key = null;
                    }
                }
                WatchKey signalled = ws.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (signalled != null) {
                    signalled.pollEvents();
                    signalled.reset();
                }
                reloadIfChanged();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (IOException e) {
            log.error("cannot watch CNI conf dir {}: {}", confDir, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
        pluginIo.shutdownNow();
    }
}
