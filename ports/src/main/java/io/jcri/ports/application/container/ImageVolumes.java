package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ImageVolume;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Image;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ImageVolumeMounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Containers' image volumes: CRI mounts whose source is an image, shown read-only. Creation
 * checks them first ({@link #resolve}: read-only, a sub path inside the image, the image present),
 * then ({@link #mount}) gives each a view snapshot of the image's unpacked chain, keyed {@code
 * <container id>-image-volume-<n>}, prepared under the creation's lease and afterwards held by the
 * container's record, mounted on the node by {@link ImageVolumeMounts}; the spec binds it, or its
 * sub path. {@link #remove} unmounts and removes the views; {@link #recover} mounts again what a
 * reboot took away and unmounts what belongs to no container (a view left by a crash is held by
 * nothing, and the engine's garbage collector takes it). The volumes an image's config declares
 * are {@link ImageDefinedVolumes}' (removed and recovered with these).
 */
public final class ImageVolumes {
    private static final Logger log = Logger.getLogger(ImageVolumes.class.getName());
    /** The kind label of a volume's view snapshot. */
    static final String KIND_IMAGE_VOLUME = "image-volume";

    private final ContainerRuntime runtime;
    private final ImageManagement images;
    private final ImageVolumeMounts mounts;

    private final ImageDefinedVolumes defined;

    /** Image volumes; the volumes images declare are ignored. */
    public ImageVolumes(ContainerRuntime runtime, ImageManagement images, ImageVolumeMounts mounts) {
        this(runtime, images, mounts, ImageDefinedVolumes.NONE);
    }

    /** Image volumes, and {@code defined} for the volumes images declare in their config. */
    public ImageVolumes(
            ContainerRuntime runtime, ImageManagement images, ImageVolumeMounts mounts, ImageDefinedVolumes defined) {
        this.runtime = runtime;
        this.images = images;
        this.mounts = mounts;
        this.defined = defined;
    }

    /** The volumes images declare in their config ({@code VOLUME}). */
    ImageDefinedVolumes defined() {
        return defined;
    }

    /**
     * @param forSpec the container's mounts as the OCI spec binds them (image volumes from the node)
     * @param views the keys of the volumes' view snapshots, for the record to hold
     */
    record Mounted(List<ContainerMount> forSpec, List<String> views) {}

    static String viewKey(String containerId, int index) {
        return containerId + "-image-volume-" + index;
    }

    /**
     * The config's mounts with each image volume checked and its image ID filled in, before
     * anything is made.
     *
     * @throws JcriException.InvalidArgument for a writable volume, or a sub path that is absolute
     *     or leaves the image
     * @throws JcriException.NotFound when the image is not present
     */
    List<ContainerMount> resolve(ContainerConfig config) {
        List<ContainerMount> out = new ArrayList<>();
        for (ContainerMount m : config.mounts()) {
            if (!m.isImage()) {
                out.add(m);
                continue;
            }
            ImageVolume v = m.image();
            String where = where(config.name(), m);
            if (v.image().isEmpty()) {
                throw new JcriException.InvalidArgument("container \"" + config.name() + "\": the image volume at \""
                        + m.containerPath() + "\" names no image");
            }
            if (!m.readonly()) {
                throw new JcriException.InvalidArgument(
                        where + " must be read-only (readonly=true): an image volume cannot be written");
            }
            if (v.normalizedSubPath().isEmpty()) {
                throw new JcriException.InvalidArgument(
                        where + ": image_sub_path \"" + v.subPath() + "\" must be a relative path inside the image");
            }
            Image image = images.status(v.image())
                    .orElseThrow(() -> new JcriException.NotFound(
                            where + ": image " + v.image() + " is not present locally (pull it first)"));
            out.add(m.withImage(v.withImageRef(image.id())));
        }
        return out;
    }

    /**
     * Makes the image volumes among a new container's mounts (as {@link #resolve} gave them): views
     * prepared on {@code leased}, mounted on the node, each sub path found; pushes the undo of
     * every step.
     *
     * @throws JcriException.InvalidArgument when a sub path does not exist in the image
     */
    Mounted mount(ContainerMetadata metadata, ContainerRuntime leased, Deque<Runnable> undo) {
        String containerId = metadata.id();
        String snapshotter = metadata.snapshotter();
        List<ContainerMount> forSpec = new ArrayList<>();
        List<String> views = new ArrayList<>();
        int index = 0;
        for (ContainerMount m : metadata.mounts()) {
            if (!m.isImage()) {
                forSpec.add(m);
                continue;
            }
            ImageVolume v = m.image();
            Image image = images.require(v.imageRef());
            String key = viewKey(containerId, index);
            List<io.jcri.domain.task.Mount> view = leased.viewSnapshot(
                    snapshotter,
                    key,
                    image.chainId(),
                    Map.of(ContainerLabels.KIND, KIND_IMAGE_VOLUME, ContainerLabels.CONTAINER_ID, containerId));
            undo.push(() -> runtime.removeSnapshot(snapshotter, key));
            views.add(key);
            mounts.mount(containerId, index, view);
            undo.push(() -> mounts.release(containerId));
            String sub = v.normalizedSubPath().orElseThrow();
            int volume = index;
            Path source = mounts.resolve(containerId, volume, sub)
                    .orElseThrow(() -> new JcriException.InvalidArgument(where(metadata.name(), m)
                            + ": image_sub_path \"" + v.subPath() + "\" does not exist in the image"));
            forSpec.add(m.boundFrom(source.toString()));
            index++;
        }
        return new Mounted(forSpec, views);
    }

    /** Unmounts a removed container's image volumes and removes their views; fine when gone. */
    void remove(Container c) {
        defined.remove(c.id());
        mounts.release(c.id());
        int n = count(c);
        for (int i = 0; i < n; i++) {
            runtime.removeSnapshot(c.metadata().snapshotter(), viewKey(c.id(), i));
        }
    }

    /**
     * After a restart: mounts again the volumes of {@code known} containers that are not mounted
     * (a reboot empties the state directory) and releases the volumes of containers that are
     * gone.
     */
    public void recover(Collection<Container> known) {
        Set<String> ids = new HashSet<>();
        for (Container c : known) {
            ids.add(c.id());
            for (int i = 0; i < count(c); i++) {
                if (mounts.mounted(c.id(), i)) {
                    continue;
                }
                try {
                    mounts.mount(c.id(), i, runtime.snapshotMounts(c.metadata().snapshotter(), viewKey(c.id(), i)));
                } catch (JcriException e) {
                    log.warning(
                            "container " + c.id() + ": image volume " + i + " not mounted again: " + e.getMessage());
                }
            }
        }
        defined.recover(ids);
        for (String id : mounts.containerIds()) {
            if (!ids.contains(id)) {
                try {
                    mounts.release(id);
                } catch (JcriException e) {
                    log.warning("image volumes of gone container " + id + " not released: " + e.getMessage());
                }
            }
        }
    }

    private static int count(Container c) {
        return (int)
                c.metadata().mounts().stream().filter(ContainerMount::isImage).count();
    }

    private static String where(String name, ContainerMount m) {
        return "container \"" + name + "\": the image volume at \"" + m.containerPath() + "\" (image "
                + m.image().image() + ")";
    }
}
