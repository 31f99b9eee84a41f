package io.jcri.ports.out;

import io.jcri.domain.task.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where containers' image volumes are mounted on the node: volume {@code index} of a container
 * gets a directory of its own (under jcri's state directory), on which the mounts of the image's
 * view snapshot are mounted read-only; the OCI spec binds that directory, or a path inside it,
 * into the container.
 */
public interface ImageVolumeMounts {

    /**
     * Mounts {@code mounts} (a view snapshot's) read-only as volume {@code index} of the container
     * and returns its directory; a volume mounted already is left as it is.
     *
     * @throws io.jcri.domain.error.JcriException.Internal naming the container and the directory
     *     when mounting fails (nothing is left mounted then)
     */
    Path mount(String containerId, int index, List<Mount> mounts);

    /** Whether volume {@code index} of the container is mounted. */
    boolean mounted(String containerId, int index);

    /**
     * The node path of {@code subPath} (relative and plain, empty for the root) inside a mounted
     * volume, its symbolic links followed as they would be inside the image, never out of it.
     * Empty when there is nothing at that path.
     */
    Optional<Path> resolve(String containerId, int index, String subPath);

    /**
     * Unmounts every volume of the container and removes their directories; fine when it has
     * none.
     *
     * @throws io.jcri.domain.error.JcriException.Internal naming the directory when one cannot be
     *     unmounted or removed
     */
    void release(String containerId);

    /** The containers that have volume directories on the node, for recovery. */
    Set<String> containerIds();
}
