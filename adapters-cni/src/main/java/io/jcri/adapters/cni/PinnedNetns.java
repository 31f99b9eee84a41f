package io.jcri.adapters.cni;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network namespaces pinned to files in one directory ({@code <state-dir>/netns/<sandbox-id>}).
 * A namespace is made by a thread started for that purpose alone: it leaves the JVM's network
 * namespace ({@code unshare(CLONE_NEWNET)}), bind-mounts its own namespace onto the file, and
 * ends, so no pooled thread ever runs in a pod's namespace.
 *
 * <p>The directory is not remounted: a bind mount of a namespace works under a private or a
 * shared parent mount alike, and under a shared one the unmount reaches the copies other mount
 * namespaces hold, which is what unpinning wants.
 */
final class PinnedNetns {
    private static final Logger log = LoggerFactory.getLogger(PinnedNetns.class);
    static final Pattern SANDBOX_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path dir;

    PinnedNetns(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    static void checkSandboxId(String sandboxId) {
        if (sandboxId == null || !SANDBOX_ID.matcher(sandboxId).matches()) {
            throw new JcriException.InvalidArgument("sandbox id \"" + sandboxId
                    + "\" is not usable as a file name (letters, digits, '_', '.', '-', at most 128, not starting with"
                    + " '.', '_' or '-')");
        }
    }

    Path create(String sandboxId) {
        checkSandboxId(sandboxId);
        Path target = dir.resolve(sandboxId);
        try {
            Files.createDirectories(dir);
            if (isPinned(target)) {
                throw new JcriException.AlreadyExists(
                        "sandbox " + sandboxId + " has a network namespace already at " + target);
            }
            // A file left by a crash between creating it and mounting onto it holds nothing.
            Files.deleteIfExists(target);
            Files.createFile(target);
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "cannot create the network namespace file " + target + " of sandbox " + sandboxId + ": " + e, e);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread maker = NamedThreads.daemon("jcri-netns-" + sandboxId, () -> {
            try {
                LibC libc = LibC.get();
                libc.unshare(LibC.CLONE_NEWNET);
                libc.mount("/proc/thread-self/ns/net", target.toString(), "none", new NativeLong(LibC.MS_BIND), null);
            } catch (Throwable t) {
                failure.set(t);
            }
            // This thread now lives in the pod's namespace: it ends here, never reused.
        });
        maker.start();
        try {
            maker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            joinUninterruptibly(maker);
        }
        Throwable t = failure.get();
        if (t != null) {
            try {
                unpin(target);
                Files.deleteIfExists(target);
            } catch (IOException | RuntimeException cleanup) {
                t.addSuppressed(cleanup);
            }
            throw new JcriException.Internal(
                    "cannot create the network namespace of sandbox " + sandboxId + " at " + target + ": "
                            + t.getMessage(),
                    t);
        }
        log.debug("network namespace of sandbox {} pinned at {}", sandboxId, target);
        return target;
    }

    private static void joinUninterruptibly(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException ignored) {
                // the namespace must be finished (or failed) before the caller goes on
            }
        }
    }

    /** Unmounts and deletes a namespace file of this directory; nothing to do when it is gone. */
    void remove(Path netns) {
        Path target = own(netns);
        unpin(target);
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new JcriException.Internal("cannot delete the network namespace file " + target + ": " + e, e);
        }
        log.debug("network namespace {} removed", target);
    }

    /** The path as a file of this directory, or InvalidArgument. */
    Path own(Path netns) {
        Path target = netns.toAbsolutePath().normalize();
        if (!dir.equals(target.getParent())) {
            throw new JcriException.InvalidArgument(
                    netns + " is not a network namespace of this pod network (those are in " + dir + ")");
        }
        return target;
    }

    private static void unpin(Path target) {
        // Unmount until nothing is mounted there (a crash may have stacked two mounts).
        for (int i = 0; i < 16; i++) {
            try {
                LibC.get().umount2(target.toString(), LibC.MNT_DETACH);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINVAL || e.getErrorCode() == LibC.ENOENT) {
                    return;
                }
                throw new JcriException.Internal(
                        "cannot unmount the network namespace " + target + ": " + e.getMessage(), e);
            }
        }
        throw new JcriException.Internal("network namespace " + target + " is still mounted after 16 unmounts");
    }

    List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            p -> SANDBOX_ID.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a network namespace is mounted on the file. */
    static boolean isPinned(Path file) {
        Path real;
        try {
            real = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return false;
        }
        return MountTable.read().stream()
                .anyMatch(m ->
                        m.mountPoint().equals(real.toString()) && m.fsType().equals("nsfs"));
    }
}
