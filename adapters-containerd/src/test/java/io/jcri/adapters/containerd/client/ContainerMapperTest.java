package io.jcri.adapters.containerd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.containerd.api.services.containers.v1.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerMapperTest {

    static NewContainerRecord record(String snapshotter, List<String> held) {
        return new NewContainerRecord(
                "c1",
                "busybox",
                OciRuntime.runcV2(),
                "{}",
                snapshotter,
                "c1",
                Map.of("io.jcri.kind", "container"),
                Map.of(),
                held);
    }

    @Test
    void heldSnapshotsBecomeGarbageCollectorReferencesOnTheRecord() {
        Container c = ContainerMapper.toProto(record("overlayfs", List.of("c1-image-volume-0", "c1-image-volume-1")));
        assertThat(c.getLabelsMap())
                .containsEntry("io.jcri.kind", "container")
                .containsEntry("containerd.io/gc.ref.snapshot.overlayfs/0", "c1-image-volume-0")
                .containsEntry("containerd.io/gc.ref.snapshot.overlayfs/1", "c1-image-volume-1");
        assertThat(c.getSnapshotKey()).isEqualTo("c1");
    }

    @Test
    void aRecordWithoutHeldSnapshotsHasNoReferences() {
        Container c = ContainerMapper.toProto(record("overlayfs", List.of()));
        assertThat(c.getLabelsMap()).containsOnlyKeys("io.jcri.kind");
    }

    @Test
    void heldSnapshotsNeedASnapshotter() {
        assertThatThrownBy(() -> ContainerMapper.toProto(record("", List.of("v"))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("c1");
    }
}
