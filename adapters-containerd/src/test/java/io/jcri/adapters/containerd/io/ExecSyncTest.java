package io.jcri.adapters.containerd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskIo;
import io.jcri.ports.fakes.FakeContainerRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExecSync against the fake engine: how a command the OCI runtime cannot start is reported. */
class ExecSyncTest {
    private static final String ID = "c1";
    private final FakeContainerRuntime runtime = new FakeContainerRuntime();

    @TempDir
    Path fifos;

    @BeforeEach
    void runningTask() {
        runtime.createContainer(
                new NewContainerRecord(ID, "", OciRuntime.runcV2(), "{}", "", "", Map.of(), Map.of(), List.of()));
        runtime.createTask(ID, List.of(), new TaskIo("", "", "", false));
        runtime.startTask(ID);
    }

    @Test
    void aCommandTheRuntimeCannotStartIsAFailedPreconditionNamingTheContainerNotInternal() {
        // what containerd answers (code Unknown) when runc finds no such executable in the image
        runtime.failNext(
                "startProcess",
                new JcriException.Internal("containerd Tasks.Start exec process x of task " + ID
                        + ": OCI runtime exec failed: exec failed: unable to start container process: exec:"
                        + " \"nope\": executable file not found in $PATH: unknown"));
        ExecSync exec = new ExecSync(runtime, fifos, Clock.systemUTC());
        assertThatThrownBy(() -> exec.run(ID, ExecProcess.parse("{\"args\":[\"nope\"]}"), Duration.ofSeconds(5), 1024))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("cannot be started in container " + ID)
                .hasMessageContaining("\"nope\": executable file not found");
        // its FIFOs are gone all the same
        assertThat(Fifos.list(fifos)).isEmpty();
    }

    @Test
    void anExecIntoATaskThatEndedUnseenIsAFailedPreconditionNotInternal() {
        runtime.exitUnseen(ID, 0);
        runtime.failNext(
                "execProcess",
                new JcriException.Internal("containerd Tasks.Exec exec process x of task " + ID
                        + ": cannot exec in a stopped state: unknown"));
        ExecSync exec = new ExecSync(runtime, fifos, Clock.systemUTC());
        assertThatThrownBy(() -> exec.run(ID, ExecProcess.parse("{\"args\":[\"nope\"]}"), Duration.ofSeconds(5), 1024))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("container " + ID + " is not running");
        assertThat(Fifos.list(fifos)).isEmpty();
    }
}
