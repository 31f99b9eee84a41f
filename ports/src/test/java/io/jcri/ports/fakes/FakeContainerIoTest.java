package io.jcri.ports.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.StdStream;
import io.jcri.domain.task.StdioRequest;
import io.jcri.ports.out.OutputListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeContainerIoTest {
    private static final ExecProcess TRUE = ExecProcess.parse("{\"args\":[\"true\"]}");

    private final FakeContainerIo io = new FakeContainerIo();

    @Test
    void outputReachesTheLogAndAttachClientsUntilItEnds() throws Exception {
        var stdio = io.open(new StdioRequest("c1", Path.of("/run/jcri/io"), Path.of("/logs/0.log"), true, false));
        assertThat(stdio.paths().stdout()).isEqualTo("/run/jcri/io/c1-stdout");
        StringBuilder seen = new StringBuilder();
        stdio.attach(new OutputListener() {
            @Override
            public void onOutput(StdStream stream, byte[] data, int offset, int length) {
                seen.append(new String(data, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void onEnd() {
                seen.append("<end>");
            }
        });
        stdio.stdin().write("in".getBytes(StandardCharsets.UTF_8));
        io.stdio("c1").write(StdStream.STDOUT, "hello");
        io.stdio("c1").end();
        assertThat(seen.toString()).isEqualTo("hello\n<end>");
        assertThat(io.stdio("c1").logLines()).containsExactly("stdout F hello");
        assertThat(io.stdio("c1").stdinText()).isEqualTo("in");
        assertThatThrownBy(stdio::reopenLog).isInstanceOf(JcriException.FailedPrecondition.class);
        stdio.close();
        assertThat(io.openIds()).isEmpty();
    }

    @Test
    void execSyncFollowsItsScript() {
        io.scriptExec("c1", new ExecResult(7, "out".getBytes(StandardCharsets.UTF_8), new byte[0], false));
        io.scriptExecTimeout("c1");
        assertThat(io.execSync("c1", TRUE, Duration.ofSeconds(1), 100).exitCode())
                .isEqualTo(7);
        assertThatThrownBy(() -> io.execSync("c1", TRUE, Duration.ofSeconds(1), 100))
                .isInstanceOf(JcriException.DeadlineExceeded.class);
        assertThat(io.execSync("c1", TRUE, Duration.ofSeconds(1), 100).exitCode())
                .isZero();
        assertThat(io.execs()).hasSize(3);
    }
}
