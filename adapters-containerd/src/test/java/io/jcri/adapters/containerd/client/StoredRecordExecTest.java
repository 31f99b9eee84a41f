package io.jcri.adapters.containerd.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import io.jcri.containerd.api.services.containers.v1.Container;
import io.jcri.containerd.api.services.containers.v1.ContainersGrpc;
import io.jcri.containerd.api.services.containers.v1.GetContainerRequest;
import io.jcri.containerd.api.services.containers.v1.GetContainerResponse;
import io.jcri.containerd.api.services.tasks.v1.ExecProcessRequest;
import io.jcri.containerd.api.services.tasks.v1.TasksGrpc;
import io.jcri.containerd.api.services.tasks.v1.UpdateTaskRequest;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskIo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container record as an earlier jcri stored it in containerd (its spec with fields jcri's
 * records do not model, its metadata extension) is read back unchanged, and the exec process and
 * resource update made from typed values reach containerd as the same bytes the string-typed
 * port sent.
 */
class StoredRecordExecTest {
    /** The spec's process as stored: rlimits and apparmorProfile are not in {@link OciSpec.Process}. */
    private static final String STORED_SPEC = "{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"terminal\":true,"
            + "\"user\":{\"uid\":1000,\"gid\":1000,\"additionalGids\":[1000]},\"args\":[\"sleep\",\"1d\"],"
            + "\"env\":[\"PATH=/usr/bin:/bin\",\"A=\\u00e9\\\"q\\\"\"],\"cwd\":\"/work\","
            + "\"capabilities\":{\"bounding\":[\"CAP_CHOWN\"],\"effective\":[\"CAP_CHOWN\"]},"
            + "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],"
            + "\"apparmorProfile\":\"cri-containerd.apparmor.d\",\"noNewPrivileges\":true,\"oomScoreAdj\":-998,"
            + "\"consoleSize\":{\"height\":24,\"width\":80}},\"root\":{\"path\":\"rootfs\"},"
            + "\"linux\":{\"cgroupsPath\":\"kubepods-pod1.slice:cri:c1\"}}";

    private static final String STORED_METADATA = "{\"id\":\"c1\",\"name\":\"app\",\"attempt\":0}";

    @TempDir
    Path dir;

    private FakeContainerd containerd;
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        containerd = new FakeContainerd(dir, new ContainersFake(), new TasksFake());
    }

    @AfterEach
    void stop() throws Exception {
        containerd.close();
    }

    @Test
    void aStoredSpecAndExtensionReadBackAsStoredAndTheExecKeepsEveryUnmodelledField() {
        ContainerRecord record = new Containers(containerd.client).get("c1").orElseThrow();
        assertThat(record.ociSpecJson()).isEqualTo(STORED_SPEC);
        assertThat(record.extensions()).containsExactly(Map.entry("io.jcri.container.metadata", STORED_METADATA));

        ExecProcess process = ExecProcess.of(record.ociSpecJson(), List.of("sh", "-c", "echo hi"), false);
        new Tasks(containerd.client).exec("c1", "e1", process, new TaskIo("", "", "", false));

        assertThat(sent)
                .containsExactly("exec {\"terminal\":false,"
                        + "\"user\":{\"uid\":1000,\"gid\":1000,\"additionalGids\":[1000]},"
                        + "\"args\":[\"sh\",\"-c\",\"echo hi\"],"
                        + "\"env\":[\"PATH=/usr/bin:/bin\",\"A=\u00e9\\\"q\\\"\"],\"cwd\":\"/work\","
                        + "\"capabilities\":{\"bounding\":[\"CAP_CHOWN\"],\"effective\":[\"CAP_CHOWN\"]},"
                        + "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],"
                        + "\"apparmorProfile\":\"cri-containerd.apparmor.d\",\"noNewPrivileges\":true,"
                        + "\"oomScoreAdj\":-998}");
    }

    @Test
    void aResourceUpdateIsTheSpecWritersLinuxResources() {
        OciSpec.Resources resources =
                new OciSpec.Resources(List.of(), new OciSpec.Memory(33_554_432L, null), null, List.of(), Map.of());

        new Tasks(containerd.client).update("c1", resources);

        assertThat(sent).containsExactly("update " + resources.toJson());
        assertThat(resources.toJson()).isEqualTo("{\"devices\":[],\"memory\":{\"limit\":33554432}}");
    }

    private static final class ContainersFake extends ContainersGrpc.ContainersImplBase {
        @Override
        public void get(GetContainerRequest r, StreamObserver<GetContainerResponse> out) {
            Container stored = ContainerMapper.toProto(new io.jcri.domain.task.NewContainerRecord(
                            r.getId(),
                            "busybox",
                            OciRuntime.runcV2(),
                            STORED_SPEC,
                            "overlayfs",
                            r.getId(),
                            Map.of("io.jcri.kind", "container"),
                            Map.of()))
                    .toBuilder()
                    .putExtensions(
                            "io.jcri.container.metadata",
                            Any.newBuilder()
                                    .setTypeUrl(TypeUrls.JCRI_JSON)
                                    .setValue(ByteString.copyFromUtf8(STORED_METADATA))
                                    .build())
                    .setCreatedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                    .setUpdatedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                    .build();
            out.onNext(GetContainerResponse.newBuilder().setContainer(stored).build());
            out.onCompleted();
        }
    }

    private final class TasksFake extends TasksGrpc.TasksImplBase {
        @Override
        public void exec(ExecProcessRequest r, StreamObserver<Empty> out) {
            sent.add("exec " + r.getSpec().getValue().toString(StandardCharsets.UTF_8));
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void update(UpdateTaskRequest r, StreamObserver<Empty> out) {
            sent.add("update " + r.getResources().getValue().toString(StandardCharsets.UTF_8));
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }
    }
}
