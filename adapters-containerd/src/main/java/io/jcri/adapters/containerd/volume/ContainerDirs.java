package io.jcri.adapters.containerd.volume;

import io.jcri.domain.error.JcriException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Directories named by container ids under one root: what the node's volume adapters keep. */
final class ContainerDirs {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ContainerDirs() {}

    /** The container ids that have a directory under {@code root}. */
    static Set<String> ids(Path root) {
        Set<String> ids = new HashSet<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(p -> p.getFileName().toString())
                    .filter(n -> ID.matcher(n).matches())
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new JcriException.Internal("cannot list " + root + ": " + e.getMessage(), e);
        }
        return ids;
    }

    /** The directory of {@code containerId} under {@code root}; InvalidArgument for what is no id. */
    static Path of(Path root, String containerId) {
        if (!ID.matcher(containerId).matches()) {
            throw new JcriException.InvalidArgument("\"" + containerId + "\" is not a container id");
        }
        return root.resolve(containerId);
    }
}
