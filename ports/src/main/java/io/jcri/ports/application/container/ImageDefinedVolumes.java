package io.jcri.ports.application.container;

import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.VolumeDirectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The volumes an image's config declares ({@code Volumes}, a Dockerfile's {@code VOLUME}): in
 * {@link Mode#COPY} each path that no CRI mount of the container targets gets a directory of its
 * own on the node, seeded with what the image has there, bound writable at that path; the
 * directories go with the container. In {@link Mode#IGNORE} the paths stay what the image's
 * layers make them (part of the writable rootfs).
 */
public final class ImageDefinedVolumes {
    private static final Logger log = Logger.getLogger(ImageDefinedVolumes.class.getName());

    /** What to do with an image's declared volumes ({@code jcri.image-volumes}). */
    public enum Mode {
        /** A directory per volume, seeded from the image (as containerd does by default). */
        COPY,
        /** Nothing: the paths stay in the container's rootfs. */
        IGNORE;

        /**
         * The mode a setting names ({@code copy} or {@code ignore}).
         *
         * @throws IllegalArgumentException naming the value and the known ones
         */
        public static Mode parse(String value) {
            for (Mode m : values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("jcri.image-volumes \"" + value + "\" is not one of: copy, ignore");
        }
    }

    /** Image volumes ignored, for wiring that has no node directories. */
    public static final ImageDefinedVolumes NONE = new ImageDefinedVolumes(null, Mode.IGNORE);

    private final VolumeDirectories dirs;
    private final Mode mode;

    public ImageDefinedVolumes(VolumeDirectories dirs, Mode mode) {
        if (mode == Mode.COPY && dirs == null) {
            throw new IllegalArgumentException("copying image volumes needs the node's volume directories");
        }
        this.dirs = dirs;
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The paths of {@code declared} that get a volume: absolute and clean, once each, none that a
     * CRI mount already targets; none in {@link Mode#IGNORE}.
     */
    List<String> paths(List<String> declared, List<ContainerMount> criMounts) {
        if (mode == Mode.IGNORE) {
            return List.of();
        }
        Set<String> taken = new HashSet<>();
        for (ContainerMount m : criMounts) {
            taken.add(clean(m.containerPath()));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String d : declared) {
            String p = clean(d);
            if (p.equals("/")) {
                log.fine(() -> "image volume \"" + d + "\" is the root: skipped");
            } else if (!taken.contains(p)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Makes the volumes of a new container whose rootfs is prepared: one directory each, seeded
     * from {@code rootfs}; pushes their removal on {@code undo}; returns the mounts to bind them.
     */
    List<ContainerMount> create(
            String containerId, List<String> paths, List<io.jcri.domain.task.Mount> rootfs, Deque<Runnable> undo) {
        if (paths.isEmpty()) {
            return List.of();
        }
        undo.push(() -> dirs.remove(containerId));
        List<ContainerMount> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Path dir = dirs.create(containerId, i, rootfs, paths.get(i));
            out.add(new ContainerMount(paths.get(i), dir.toString(), false, MountPropagation.PRIVATE, false));
        }
        return out;
    }

    /** Removes a removed container's volume directories; fine when it has none. */
    void remove(String containerId) {
        if (dirs != null) {
            dirs.remove(containerId);
        }
    }

    /** After a restart: removes the volume directories of containers that are gone. */
    void recover(Collection<String> known) {
        if (dirs == null) {
            return;
        }
        Set<String> ids = new HashSet<>(known);
        for (String id : dirs.containerIds()) {
            if (!ids.contains(id)) {
                try {
                    dirs.remove(id);
                } catch (JcriException e) {
                    log.warning("image-defined volumes of gone container " + id + " not removed: " + e.getMessage());
                }
            }
        }
    }

    /** {@code path} absolute, without {@code .}, {@code ..}, doubled or trailing slashes. */
    static String clean(String path) {
        String p = Path.of("/").resolve(path).normalize().toString();
        return p.isEmpty() ? "/" : p;
    }
}
