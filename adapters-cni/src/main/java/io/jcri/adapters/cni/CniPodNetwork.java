package io.jcri.adapters.cni;

import io.jcri.domain.network.NetworkStatus;
import io.jcri.ports.out.PodNetwork;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PodNetwork} over CNI. The network configuration is loaded at start and reloaded whenever
 * the conf dir changes (inotify through a {@link WatchService}, with a periodic check that also
 * notices the dir itself appearing or going away), so a new or changed file is picked up without
 * a restart.
 */
public final class CniPodNetwork implements PodNetwork, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CniPodNetwork.class);

    private final Path confDir;
    private final CniConfigLoader loader;
    private final AtomicReference<NetworkStatus> status = new AtomicReference<>();
    private final long pollMillis;
    private volatile String fingerprint = "";
    private volatile boolean closed;
    private Thread watcher;

    CniPodNetwork(Path confDir, List<Path> binDirs, long pollMillis) {
        this.confDir = confDir;
        this.loader = new CniConfigLoader(confDir, binDirs);
        this.pollMillis = pollMillis;
        reload();
    }

    /** A pod network on the conf dir and bin dirs, watching the conf dir. */
    public static CniPodNetwork start(Path confDir, List<Path> binDirs) {
        CniPodNetwork network = new CniPodNetwork(confDir, binDirs, 2000);
        network.startWatching();
        return network;
    }

    @Override
    public NetworkStatus networkStatus() {
        return status.get();
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
        watcher = new Thread(this::watch, "cni-conf-watcher");
        watcher.setDaemon(true);
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
    }
}
