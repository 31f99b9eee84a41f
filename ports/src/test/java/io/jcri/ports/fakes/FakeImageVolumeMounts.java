package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import io.jcri.ports.out.ImageVolumeMounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image volumes "mounted" in memory under {@link #ROOT}. Every image holds the paths in {@link
 * #imagePaths} (the root, {@code etc}, {@code bin} unless a test changes them). {@link
 * #failNextMount} makes the next mount fail; {@link #mountedVolumes} lists what is mounted, for
 * leak checks.
 */
public class FakeImageVolumeMounts implements ImageVolumeMounts {
    public static final Path ROOT = Path.of("/fake/image-volumes");
    public final Set<String> imagePaths = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<Integer, List<Mount>>> mounted = new LinkedHashMap<>();
    private final Set<String> dirs = new HashSet<>();
    private volatile JcriException nextFailure;

    public FakeImageVolumeMounts() {
        imagePaths.addAll(List.of("", "etc", "bin"));
    }

    public void failNextMount(JcriException error) {
        nextFailure = error;
    }

    /** {@code <container id>/<index>} of every mounted volume. */
    public synchronized List<String> mountedVolumes() {
        List<String> out = new ArrayList<>();
        mounted.forEach((id, volumes) -> volumes.keySet().forEach(i -> out.add(id + "/" + i)));
        return out;
    }

    /** The mounts volume {@code index} of a container was mounted from. */
    public synchronized List<Mount> mountsOf(String containerId, int index) {
        return mounted.getOrDefault(containerId, Map.of()).getOrDefault(index, List.of());
    }

    /** Forgets every mount but keeps the directories: what a reboot does to the state directory's mounts. */
    public synchronized void reboot() {
        mounted.clear();
    }

    @Override
    public synchronized Path mount(String containerId, int index, List<Mount> mounts) {
        JcriException f = nextFailure;
        if (f != null) {
            nextFailure = null;
            throw f;
        }
        dirs.add(containerId);
        mounted.computeIfAbsent(containerId, k -> new LinkedHashMap<>()).putIfAbsent(index, List.copyOf(mounts));
        return dir(containerId, index);
    }

    @Override
    public synchronized boolean mounted(String containerId, int index) {
        return mounted.getOrDefault(containerId, Map.of()).containsKey(index);
    }

    @Override
    public synchronized Optional<Path> resolve(String containerId, int index, String subPath) {
        if (!mounted(containerId, index)) {
            throw new JcriException.Internal("image volume " + index + " of " + containerId + " is not mounted");
        }
        Path dir = dir(containerId, index);
        return imagePaths.contains(subPath)
                ? Optional.of(subPath.isEmpty() ? dir : dir.resolve(subPath))
                : Optional.empty();
    }

    @Override
    public synchronized void release(String containerId) {
        mounted.remove(containerId);
        dirs.remove(containerId);
    }

    @Override
    public synchronized Set<String> containerIds() {
        return Set.copyOf(dirs);
    }

    private static Path dir(String containerId, int index) {
        return ROOT.resolve(containerId).resolve(Integer.toString(index));
    }
}
