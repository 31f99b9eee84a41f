package io.jcri.adapters.containerd.volume;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import io.jcri.ports.out.ImageVolumeMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageVolumeMounts} on this node: volume {@code n} of container {@code id} is mounted
 * read-only on {@code <root>/<id>/<n>} (the root is {@code <state-dir>/image-volumes}, so a reboot
 * leaves no mounts behind, and recovery mounts them again).
 */
public final class NodeImageVolumeMounts implements ImageVolumeMounts {
    private static final Logger log = LoggerFactory.getLogger(NodeImageVolumeMounts.class);

    private final Path root;

    public NodeImageVolumeMounts(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Path mount(String containerId, int index, List<Mount> mounts) {
        Path dir = dir(containerId, index);
        try {
            if (NodeMounts.isMountPoint(dir)) {
                return dir;
            }
            Files.createDirectories(dir);
            for (Mount m : mounts) {
                NodeMounts.mountReadOnly(m, dir);
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            try {
                NodeMounts.unmountAll(dir);
                Files.deleteIfExists(dir);
                deleteIfEmpty(dir.getParent());
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new JcriException.Internal(
                    "container " + containerId + ": image volume " + index + " cannot be mounted on " + dir + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean mounted(String containerId, int index) {
        try {
            return NodeMounts.isMountPoint(dir(containerId, index));
        } catch (IOException e) {
            throw new JcriException.Internal("cannot read this node's mounts: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Path> resolve(String containerId, int index, String subPath) {
        Path dir = dir(containerId, index);
        try {
            return InImagePath.resolve(dir, subPath);
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "container " + containerId + ": image volume " + index + ": cannot look up \"" + subPath + "\" in "
                            + dir + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void release(String containerId) {
        Path dir = containerDir(containerId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> volumes = Files.list(dir)) {
            for (Path volume : volumes.toList()) {
                NodeMounts.unmountAll(volume);
                // never recursive: a directory still holding files is not ours to delete
                Files.deleteIfExists(volume);
            }
            Files.deleteIfExists(dir);
            log.debug("image volumes of container {} released", containerId);
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "container " + containerId + ": image volumes under " + dir + " not released: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Set<String> containerIds() {
        return ContainerDirs.ids(root);
    }

    private Path containerDir(String containerId) {
        return ContainerDirs.of(root, containerId);
    }

    private Path dir(String containerId, int index) {
        if (index < 0) {
            throw new JcriException.InvalidArgument("image volume index " + index + " is negative");
        }
        return containerDir(containerId).resolve(Integer.toString(index));
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // gone already
        }
    }
}
