package io.jcri.adapters.containerd.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real bind and overlay mounts on temporary directories (the tests run as root). */
class NodeImageVolumeMountsTest {
    @TempDir
    Path tmp;

    NodeImageVolumeMounts volumes;
    Path lower1;
    Path lower2;

    @BeforeEach
    void setUp() throws Exception {
        volumes = new NodeImageVolumeMounts(tmp.resolve("state/image-volumes"));
        lower1 = Files.createDirectories(tmp.resolve("snapshots/1/fs"));
        lower2 = Files.createDirectories(tmp.resolve("snapshots/2/fs"));
        Files.createDirectories(lower1.resolve("etc"));
        Files.writeString(lower1.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(lower2.resolve("bin"));
        Files.writeString(lower2.resolve("bin/sh"), "#!\n");
    }

    @AfterEach
    void tearDown() {
        for (String id : volumes.containerIds()) {
            volumes.release(id);
        }
    }

    @Test
    void aBindViewIsMountedReadOnlyAndReleasedLeavingNothing() throws Exception {
        Path dir = volumes.mount("c1", 0, List.of(new Mount("bind", lower1.toString(), "", List.of("ro", "rbind"))));
        assertThat(dir).isEqualTo(tmp.resolve("state/image-volumes/c1/0"));
        assertThat(volumes.mounted("c1", 0)).isTrue();
        assertThat(Files.readString(dir.resolve("etc/passwd"))).startsWith("root:");
        assertThatThrownBy(() -> Files.writeString(dir.resolve("x"), "x"))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("Read-only");
        assertThat(volumes.resolve("c1", 0, "etc")).contains(dir.resolve("etc"));
        assertThat(volumes.resolve("c1", 0, "not-existing")).isEmpty();
        assertThat(volumes.mount("c1", 0, List.of())).isEqualTo(dir);
        assertThat(volumes.containerIds()).containsExactly("c1");

        volumes.release("c1");
        assertThat(volumes.mounted("c1", 0)).isFalse();
        assertThat(tmp.resolve("state/image-volumes/c1")).doesNotExist();
        assertThat(lower1.resolve("etc/passwd")).exists();
        volumes.release("c1");
    }

    @Test
    void anOverlayViewShowsEveryLayerReadOnly() throws Exception {
        Mount overlay = new Mount("overlay", "overlay", "", List.of("lowerdir=" + lower2 + ":" + lower1));
        Path dir = volumes.mount("c2", 1, List.of(overlay));
        assertThat(dir.resolve("etc/passwd")).exists();
        assertThat(dir.resolve("bin/sh")).exists();
        assertThatThrownBy(() -> Files.writeString(dir.resolve("etc/x"), "x")).isInstanceOf(FileSystemException.class);
        volumes.release("c2");
        assertThat(volumes.containerIds()).isEmpty();
    }

    @Test
    void aMountThatFailsLeavesNoDirectoryAndNamesTheContainer() {
        Mount missing = new Mount("bind", tmp.resolve("nope").toString(), "", List.of("ro", "rbind"));
        assertThatThrownBy(() -> volumes.mount("c3", 0, List.of(missing)))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageContaining("container c3")
                .hasMessageContaining("image volume 0");
        assertThat(tmp.resolve("state/image-volumes/c3")).doesNotExist();
        assertThat(volumes.mounted("c3", 0)).isFalse();
    }

    @Test
    void idsThatAreNoContainerIdsAreRefused() {
        assertThatThrownBy(() -> volumes.mount("../x", 0, List.of())).isInstanceOf(JcriException.InvalidArgument.class);
        assertThatThrownBy(() -> volumes.release("a/b")).isInstanceOf(JcriException.InvalidArgument.class);
    }

    @Test
    void longLowerDirListsAreMadeRelativeToTheirCommonParent() {
        List<String> options =
                List.of("index=off", "lowerdir=/var/lib/s/snapshots/12/fs:/var/lib/s/snapshots/3/fs", "ro");
        Path common = NodeMounts.commonLowerParent(options);
        assertThat(common).isEqualTo(Path.of("/var/lib/s/snapshots"));
        assertThat(NodeMounts.relativeLowerDirs(options, common))
                .containsExactly("index=off", "lowerdir=12/fs:3/fs", "ro");
    }

    @Test
    void aVeryLongOverlayIsMountedThroughRelativeLowerDirs() throws Exception {
        StringBuilder lower = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            Path layer = Files.createDirectories(tmp.resolve("snapshots/" + "layer-with-a-long-name-" + i + "/fs"));
            Files.writeString(layer.resolve("f" + i), "x");
            lower.append(lower.isEmpty() ? "" : ":").append(layer);
        }
        assertThat(lower.length()).isGreaterThan(NodeMounts.MAX_OPTIONS);
        Path dir = volumes.mount("c4", 0, List.of(new Mount("overlay", "overlay", "", List.of("lowerdir=" + lower))));
        assertThat(dir.resolve("f0")).exists();
        assertThat(dir.resolve("f89")).exists();
    }
}
