package io.jcri.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskRecordsTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void onlyAStoppedProcessHasAnExit() {
        for (TaskStatus s : TaskStatus.values()) {
            ProcessState p = new ProcessState("c", "", 7, s, null, 3, AT);
            assertThat(p.exit().isPresent()).as(s.name()).isEqualTo(s == TaskStatus.STOPPED);
        }
        assertThat(new ProcessState("c", null, 7, TaskStatus.STOPPED, null, 3, AT).exit())
                .contains(new ProcessExit(7, 3, AT));
        assertThat(new ProcessState("c", "", 7, TaskStatus.STOPPED, null, 0, null).exit())
                .isEmpty();
    }

    @Test
    void initExitsHaveNoExecId() {
        assertThat(new TaskEvent.Exited("c", null, 1, 0, AT).isInit()).isTrue();
        assertThat(new TaskEvent.Exited("c", "e1", 1, 0, AT).isInit()).isFalse();
    }

    @Test
    void badRequestsAreInvalidArguments() {
        assertThatThrownBy(() -> new StdioRequest("a/b", Path.of("/run"), null, false, false))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("a/b");
        assertThatThrownBy(() -> new NewContainerRecord(" ", "", OciRuntime.runcV2(), "{}", "", "", Map.of(), Map.of()))
                .isInstanceOf(JcriException.InvalidArgument.class);
        assertThatThrownBy(() -> new OciRuntime("", "", "", false)).isInstanceOf(JcriException.InvalidArgument.class);
    }

    @Test
    void leaseResourcesNameTheSnapshotter() {
        assertThat(LeaseResource.snapshot("overlayfs", "k1")).isEqualTo(new LeaseResource("snapshots/overlayfs", "k1"));
        assertThat(LeaseResource.content("sha256:ab")).isEqualTo(new LeaseResource("content", "sha256:ab"));
    }

    @Test
    void byteArraysAreCopied() {
        byte[] out = {1, 2};
        ExecResult r = new ExecResult(0, out, null, false);
        out[0] = 9;
        assertThat(r.stdout()).containsExactly(1, 2);
        assertThat(r.stderr()).isEmpty();
    }
}
