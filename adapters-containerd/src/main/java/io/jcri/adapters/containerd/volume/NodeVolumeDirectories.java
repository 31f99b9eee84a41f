package io.jcri.adapters.containerd.volume;

import io.jcri.adapters.containerd.node.NodeCommands;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import io.jcri.ports.out.VolumeDirectories;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VolumeDirectories} on this node: {@code <root>/<container id>/<index>}. To seed one, the
 * prepared rootfs is mounted read-only for a moment on {@code <root>/<container id>/.rootfs}, the
 * volume's path is found in it as the container would find it ({@link InImagePath}), and its
 * content is copied with {@code cp -a} (owners, modes, links and the directory's own attributes
 * kept); then the rootfs is unmounted.
 */
public final class NodeVolumeDirectories implements VolumeDirectories {
    private static final Logger log = LoggerFactory.getLogger(NodeVolumeDirectories.class);
    private static final String ROOTFS = ".rootfs";

    private final Path root;

    public NodeVolumeDirectories(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Path create(String containerId, int index, List<Mount> rootfs, String path) {
        if (index < 0) {
            throw new JcriException.InvalidArgument("volume index " + index + " is negative");
        }
        Path dir = containerDir(containerId).resolve(Integer.toString(index));
        try {
            Files.createDirectories(dir);
            seed(containerId, dir, rootfs, path);
            return dir;
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(dir);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new JcriException.Internal(
                    "container " + containerId + ": the image's volume \"" + path + "\" cannot be made in " + dir + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Copies what the rootfs has at {@code path} into {@code dir}, when it has a directory there. */
    private void seed(String containerId, Path dir, List<Mount> rootfs, String path) throws IOException {
        Path mountPoint = containerDir(containerId).resolve(ROOTFS);
        Files.createDirectories(mountPoint);
        try {
            for (Mount m : rootfs) {
                NodeMounts.mountReadOnly(m, mountPoint);
            }
            Optional<Path> source = InImagePath.resolve(mountPoint, path);
            if (source.isPresent() && Files.isDirectory(source.get(), LinkOption.NOFOLLOW_LINKS)) {
                NodeCommands.run(null, "cp", "-a", "--", source.get() + "/.", dir + "/");
                log.debug("container {}: volume {} seeded from the image's {}", containerId, dir, path);
            }
        } finally {
            NodeMounts.unmountAll(mountPoint);
            Files.deleteIfExists(mountPoint);
        }
    }

    @Override
    public void remove(String containerId) {
        Path dir = containerDir(containerId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            NodeMounts.unmountAll(dir.resolve(ROOTFS)); // left mounted by a crash mid-create
            deleteTree(dir);
            log.debug("volumes of container {} removed", containerId);
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "container " + containerId + ": volumes under " + dir + " not removed: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> containerIds() {
        return ContainerDirs.ids(root);
    }

    private Path containerDir(String containerId) {
        return ContainerDirs.of(root, containerId);
    }

    /** Deletes {@code dir} and what it holds, never following a link nor going into a mount of its. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                // the volumes and the rootfs' mount point, the only places jcri mounts on
                if (dir.equals(d.getParent()) && NodeMounts.isMountPoint(d)) {
                    throw new IOException(d + " is a mount point");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                try {
                    Files.delete(d);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
