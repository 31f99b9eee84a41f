package io.jcri.ports.application.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.VolumeDirectories;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ImageDefinedVolumesTest {
    /** Directories in memory: container id → the paths its volumes were seeded from, by index. */
    static final class Dirs implements VolumeDirectories {
        final Map<String, Map<Integer, String>> made = new LinkedHashMap<>();
        final List<String> removed = new ArrayList<>();
        int failAt = -1;

        @Override
        public Path create(String containerId, int index, List<io.jcri.domain.task.Mount> rootfs, String path) {
            if (index == failAt) {
                throw new JcriException.Internal("disk full");
            }
            made.computeIfAbsent(containerId, k -> new LinkedHashMap<>()).put(index, path);
            return Path.of("/var/lib/jcri/volumes", containerId, Integer.toString(index));
        }

        @Override
        public void remove(String containerId) {
            removed.add(containerId);
            made.remove(containerId);
        }

        @Override
        public Set<String> containerIds() {
            return new TreeSet<>(made.keySet());
        }
    }

    final Dirs dirs = new Dirs();
    final ImageDefinedVolumes copy = new ImageDefinedVolumes(dirs, ImageDefinedVolumes.Mode.COPY);
    final List<io.jcri.domain.task.Mount> rootfs =
            List.of(new io.jcri.domain.task.Mount("bind", "/snap/1/fs", "", List.of("rbind", "rw")));

    @Test
    void pathsAreCleanOnceEachAndSkipThoseACriMountTargets() {
        List<ContainerMount> cri = List.of(ContainerMount.of("/host/logs", "/var/log/", false));
        assertThat(copy.paths(List.of("/data", "/data/", "cache", "/var/log", "/srv/./x/../y", "/"), cri))
                .containsExactly("/data", "/cache", "/srv/y");
    }

    @Test
    void ignoreMakesNoVolume() {
        ImageDefinedVolumes ignore = new ImageDefinedVolumes(dirs, ImageDefinedVolumes.Mode.IGNORE);
        assertThat(ignore.paths(List.of("/data"), List.of())).isEmpty();
        assertThat(ImageDefinedVolumes.NONE.paths(List.of("/data"), List.of())).isEmpty();
    }

    @Test
    void eachVolumeIsADirectoryBoundWritableAndTheUndoRemovesThem() {
        Deque<Runnable> undo = new ArrayDeque<>();
        List<ContainerMount> mounts = copy.create("c1", List.of("/data", "/cache"), rootfs, undo);
        assertThat(mounts).extracting(ContainerMount::containerPath).containsExactly("/data", "/cache");
        assertThat(mounts)
                .extracting(ContainerMount::hostPath)
                .containsExactly("/var/lib/jcri/volumes/c1/0", "/var/lib/jcri/volumes/c1/1");
        assertThat(mounts).noneMatch(ContainerMount::readonly);
        assertThat(dirs.made.get("c1")).containsEntry(0, "/data").containsEntry(1, "/cache");
        undo.pop().run();
        assertThat(dirs.made).isEmpty();
        assertThat(dirs.removed).containsExactly("c1");
    }

    @Test
    void aFailedVolumeLeavesTheUndoOfTheOnesBefore() {
        dirs.failAt = 1;
        Deque<Runnable> undo = new ArrayDeque<>();
        assertThatThrownBy(() -> copy.create("c1", List.of("/data", "/cache"), rootfs, undo))
                .hasMessageContaining("disk full");
        assertThat(dirs.made).containsKey("c1");
        undo.forEach(Runnable::run);
        assertThat(dirs.made).isEmpty();
    }

    @Test
    void noPathsTouchNothing() {
        Deque<Runnable> undo = new ArrayDeque<>();
        assertThat(copy.create("c1", List.of(), rootfs, undo)).isEmpty();
        assertThat(undo).isEmpty();
    }

    @Test
    void recoveryRemovesTheVolumesOfGoneContainersOnly() {
        copy.create("kept", List.of("/data"), rootfs, new ArrayDeque<>());
        copy.create("gone", List.of("/data"), rootfs, new ArrayDeque<>());
        copy.recover(List.of("kept", "other"));
        assertThat(dirs.made).containsOnlyKeys("kept");
        copy.remove("kept");
        assertThat(dirs.made).isEmpty();
    }

    @Test
    void modeSettingIsParsedOrRefusedNamingTheValue() {
        assertThat(ImageDefinedVolumes.Mode.parse("copy")).isEqualTo(ImageDefinedVolumes.Mode.COPY);
        assertThat(ImageDefinedVolumes.Mode.parse(" Ignore ")).isEqualTo(ImageDefinedVolumes.Mode.IGNORE);
        assertThatThrownBy(() -> ImageDefinedVolumes.Mode.parse("mkdir"))
                .hasMessageContaining("\"mkdir\"")
                .hasMessageContaining("copy, ignore");
    }
}
