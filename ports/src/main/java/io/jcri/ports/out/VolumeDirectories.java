package io.jcri.ports.out;

import io.jcri.domain.task.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The node directories of containers' image-defined volumes (an image config's {@code Volumes}):
 * volume {@code index} of a container gets a directory of its own under jcri's root directory,
 * seeded with what the image has at the volume's path; the OCI spec binds it writable into the
 * container; it goes with the container.
 */
public interface VolumeDirectories {

    /**
     * Creates the directory of volume {@code index} of the container and copies into it (owners,
     * modes and links kept) what the prepared {@code rootfs} has at {@code path}, when it has a
     * directory there (the path's links followed inside the rootfs, never out of it); otherwise
     * the directory stays empty. Returns the directory.
     *
     * @throws io.jcri.domain.error.JcriException.Internal naming the container, the path and the
     *     directory when it cannot be made or filled (nothing is left then)
     */
    Path create(String containerId, int index, List<Mount> rootfs, String path);

    /**
     * Removes every volume directory of the container; fine when it has none.
     *
     * @throws io.jcri.domain.error.JcriException.Internal naming the directory when it cannot be
     *     removed
     */
    void remove(String containerId);

    /** The containers that have volume directories on the node, for recovery. */
    Set<String> containerIds();
}
