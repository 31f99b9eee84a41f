package io.jcri.ports.application.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ImageVolume;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.SnapshotInfo;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.in.ContainerLifecycle.CreateCommand;
import io.jcri.ports.in.ContainerLifecycle.Filter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image volumes through the container lifecycle, on the fakes of {@link ContainerServiceTest}. */
class ImageVolumesTest {
    static final String IMAGE_ID = "sha256:" + "a".repeat(64);
    static final String PATH = "/mnt/image-volume";

    final ContainerServiceTest f = new ContainerServiceTest();

    @BeforeEach
    void setUp() {
        f.setUp();
    }

    @AfterEach
    void tearDown() {
        f.tearDown();
    }

    static ContainerMount volume(boolean readonly, String subPath) {
        return new ContainerMount(
                PATH, "", readonly, MountPropagation.PRIVATE, false, new ImageVolume(IMAGE_ID, "busybox", "", subPath));
    }

    String create(ContainerMount... mounts) {
        ContainerConfig config = ContainerServiceTest.config("app").toBuilder()
                .mounts(List.of(mounts))
                .build();
        return f.service.create(new CreateCommand(ContainerServiceTest.SANDBOX, config, ""));
    }

    String spec(String id) {
        return f.runtime.container(id).orElseThrow().ociSpecJson();
    }

    void assertNothingLeft() {
        assertThat(f.runtime.leftovers()).isEmpty();
        assertThat(f.volumeMounts.mountedVolumes()).isEmpty();
        assertThat(f.volumeMounts.containerIds()).isEmpty();
        assertThat(f.files.byId).isEmpty();
        assertThat(f.service.list(Filter.ALL)).isEmpty();
    }

    @Test
    void anImageVolumeIsAViewOfTheImageMountedOnTheNodeAndBoundReadOnly() {
        String id = create(volume(true, ""));
        String view = ImageVolumes.viewKey(id, 0);
        SnapshotInfo info =
                f.runtime.snapshot(ContainerServiceTest.SNAPSHOTTER, view).orElseThrow();
        assertThat(info.kind()).isEqualTo(SnapshotInfo.Kind.VIEW);
        assertThat(info.parent()).isEqualTo(FakeImageManagement.CHAIN_ID);
        assertThat(info.labels())
                .containsEntry(ContainerLabels.KIND, "image-volume")
                .containsEntry(ContainerLabels.CONTAINER_ID, id);
        assertThat(f.volumeMounts.mountsOf(id, 0))
                .isEqualTo(f.runtime.snapshotMounts(ContainerServiceTest.SNAPSHOTTER, view));
        assertThat(spec(id))
                .contains("\"destination\":\"" + PATH + "\"")
                .contains("\"source\":\"/fake/image-volumes/" + id + "/0\"");

        ContainerMount recorded = f.get(id).metadata().mounts().get(0);
        assertThat(recorded.image()).isEqualTo(new ImageVolume(IMAGE_ID, "busybox", IMAGE_ID, ""));
        assertThat(recorded.hostPath()).isEmpty();

        f.runtime.collectGarbage();
        assertThat(f.runtime.leftovers())
                .contains("snapshot:" + ContainerServiceTest.SNAPSHOTTER + "/" + view)
                .doesNotContain("lease:jcri-create-" + id);
    }

    @Test
    void aSubPathIsBoundFromInsideTheMountedImage() {
        String id = create(volume(true, "./etc/"));
        assertThat(spec(id)).contains("\"source\":\"/fake/image-volumes/" + id + "/0/etc\"");
        assertThat(f.get(id).metadata().mounts().get(0).image().subPath()).isEqualTo("./etc/");
    }

    @Test
    void aWritableImageVolumeIsRefusedBeforeAnythingIsMade() {
        assertThatThrownBy(() -> create(volume(false, "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("container \"app\"")
                .hasMessageContaining("\"" + PATH + "\"")
                .hasMessageContaining("must be read-only");
        assertNothingLeft();
    }

    @Test
    void aSubPathMissingFromTheImageFailsNamingItAndUndoesTheViewAndTheMount() {
        assertThatThrownBy(() -> create(volume(true, "not-existing")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("image_sub_path \"not-existing\"")
                .hasMessageContaining("does not exist in the image")
                .hasMessageContaining(IMAGE_ID);
        assertNothingLeft();
        assertThat(f.service.create(
                        new CreateCommand(ContainerServiceTest.SANDBOX, ContainerServiceTest.config("app"), "")))
                .isNotEmpty();
    }

    @Test
    void aSubPathThatLeavesTheImageIsRefused() {
        for (String sub : List.of("../etc", "etc/../../x", "/etc")) {
            assertThatThrownBy(() -> create(volume(true, sub)))
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining("image_sub_path \"" + sub + "\"")
                    .hasMessageContaining("relative path inside the image");
            assertNothingLeft();
        }
    }

    @Test
    void anImageThatIsNotPresentIsNotFound() {
        ContainerMount m = new ContainerMount(
                PATH, "", true, MountPropagation.PRIVATE, false, new ImageVolume("missing:1", "", "", ""));
        assertThatThrownBy(() -> create(m))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("missing:1")
                .hasMessageContaining("\"" + PATH + "\"");
        assertNothingLeft();
    }

    @Test
    void aFailedMountRemovesTheViewsMadeBefore() {
        f.volumeMounts.failNextMount(new JcriException.Internal("mount: overlay: invalid argument"));
        assertThatThrownBy(() -> create(volume(true, "")))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageContaining("overlay");
        assertNothingLeft();
    }

    @Test
    void aFailureAfterTheVolumesUnmountsAndRemovesThem() {
        f.runtime.failNext("createContainer", new JcriException.InvalidArgument("bad spec"));
        ContainerMount second = new ContainerMount(
                "/mnt/second", "", true, MountPropagation.PRIVATE, false, new ImageVolume(IMAGE_ID, "", "", "bin"));
        assertThatThrownBy(() -> create(volume(true, "etc"), ContainerMount.of("/data", "/data", false), second))
                .hasMessageContaining("bad spec");
        assertNothingLeft();
    }

    @Test
    void removeUnmountsTheVolumesAndRemovesTheirViews() {
        ContainerMount etc = new ContainerMount(
                "/mnt/etc", "", true, MountPropagation.PRIVATE, false, new ImageVolume(IMAGE_ID, "", "", "etc"));
        String id = create(volume(true, ""), etc);
        assertThat(f.volumeMounts.mountedVolumes()).containsExactly(id + "/0", id + "/1");
        f.service.start(id);
        f.service.remove(id);
        assertNothingLeft();
        f.service.remove(id);
    }

    @Test
    void recoveryMountsAgainWhatARebootUnmountedAndReleasesWhatBelongsToNoContainer() {
        String id = create(volume(true, "etc"));
        f.volumeMounts.mount("gone", 0, List.of());
        f.volumeMounts.reboot();
        f.boot();
        f.recover();
        f.imageVolumes.recover(f.containers.list());
        assertThat(f.volumeMounts.mountedVolumes()).containsExactly(id + "/0");
        assertThat(f.volumeMounts.containerIds()).containsExactly(id);
        assertThat(f.volumeMounts.mountsOf(id, 0))
                .isEqualTo(f.runtime.snapshotMounts(ContainerServiceTest.SNAPSHOTTER, ImageVolumes.viewKey(id, 0)));
        Container c = f.get(id);
        assertThat(c.metadata().mounts().get(0).image().imageRef()).isEqualTo(IMAGE_ID);
        f.service.remove(id);
        assertNothingLeft();
        assertThat(f.runtime.snapshot(ContainerServiceTest.SNAPSHOTTER, ImageVolumes.viewKey(id, 0)))
                .isEmpty();
    }
}
