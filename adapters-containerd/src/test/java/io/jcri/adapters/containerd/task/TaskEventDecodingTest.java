package io.jcri.adapters.containerd.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import io.jcri.adapters.containerd.client.Protos;
import io.jcri.adapters.containerd.client.TypeUrls;
import io.jcri.containerd.api.events.TaskExit;
import io.jcri.containerd.api.events.TaskOOM;
import io.jcri.containerd.api.services.events.v1.Envelope;
import io.jcri.containerd.api.services.images.v1.ImageCreate;
import io.jcri.containerd.api.services.images.v1.ImageDelete;
import io.jcri.containerd.api.services.images.v1.ImageUpdate;
import io.jcri.domain.task.TaskEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskEventDecodingTest {

    private static Envelope envelope(String topic, String typeUrl, com.google.protobuf.Message m) {
        return Envelope.newBuilder()
                .setTopic(topic)
                .setEvent(Any.newBuilder().setTypeUrl(typeUrl).setValue(m.toByteString()))
                .build();
    }

    @Test
    void initExitHasAnEmptyExecIdAndExecExitKeepsIt() {
        Timestamp at =
                Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5).build();
        TaskExit init = TaskExit.newBuilder()
                .setContainerId("c1")
                .setId("c1")
                .setPid(42)
                .setExitStatus(3)
                .setExitedAt(at)
                .build();
        TaskExit exec = init.toBuilder().setId("e1").setPid(43).build();
        assertThat(TaskEventSubscriber.decode(envelope("/tasks/exit", TypeUrls.TASK_EXIT, init)))
                .contains(new TaskEvent.Exited("c1", "", 42, 3, Instant.ofEpochSecond(1_700_000_000, 5)));
        assertThat(TaskEventSubscriber.decode(envelope("/tasks/exit", TypeUrls.TASK_EXIT, exec)))
                .contains(new TaskEvent.Exited("c1", "e1", 43, 3, Instant.ofEpochSecond(1_700_000_000, 5)));
    }

    @Test
    void oomAndUnknownTypes() {
        assertThat(TaskEventSubscriber.decode(envelope(
                        "/tasks/oom",
                        "types.containerd.io/" + TypeUrls.TASK_OOM,
                        TaskOOM.newBuilder().setContainerId("c2").build())))
                .contains(new TaskEvent.OutOfMemory("c2"));
        assertThat(TaskEventSubscriber.decode(
                        envelope("/tasks/paused", "containerd.events.TaskPaused", TaskOOM.getDefaultInstance())))
                .isEmpty();
    }

    @Test
    void imageEventsNameTheirRecord() {
        String create = "containerd.services.images.v1.ImageCreate";
        assertThat(TaskEventSubscriber.imageRecord(envelope(
                        "/images/create",
                        create,
                        ImageCreate.newBuilder()
                                .setName("docker.io/library/busybox:1.35")
                                .putLabels("io.jcri.image", "managed")
                                .build())))
                .contains("docker.io/library/busybox:1.35");
        assertThat(TaskEventSubscriber.imageRecord(envelope(
                        "/images/update",
                        "containerd.services.images.v1.ImageUpdate",
                        ImageUpdate.newBuilder().setName("a:1").build())))
                .contains("a:1");
        assertThat(TaskEventSubscriber.imageRecord(envelope(
                        "/images/delete",
                        "containerd.services.images.v1.ImageDelete",
                        ImageDelete.newBuilder().setName("b@sha256:00").build())))
                .contains("b@sha256:00");
        assertThat(TaskEventSubscriber.imageRecord(
                        envelope("/images/create", create, ImageCreate.getDefaultInstance())))
                .isEmpty();
        // image events are not task events
        assertThat(TaskEventSubscriber.decode(envelope(
                        "/images/create",
                        create,
                        ImageCreate.newBuilder().setName("x").build())))
                .isEmpty();
    }

    @Test
    void labelFiltersQuoteKeysAndValues() {
        assertThat(Protos.labelFilter(Map.of("io.jcri.kind", "sandbox", "a\"b", "c\\d")))
                .isEqualTo("labels.\"a\\\"b\"==\"c\\\\d\",labels.\"io.jcri.kind\"==\"sandbox\"");
    }
}
