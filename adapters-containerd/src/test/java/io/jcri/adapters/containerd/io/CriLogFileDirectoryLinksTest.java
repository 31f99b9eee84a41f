package io.jcri.adapters.containerd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.StdStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No link is followed anywhere between the pod's log_directory and the log file. */
class CriLogFileDirectoryLinksTest {
    @TempDir
    Path tmp;

    @Test
    void aLinkedSubdirectoryDeepInsideTheLogDirectoryIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("etc/cron.d"));
        Path logs = Files.createDirectories(tmp.resolve("pod-logs"));
        Files.createSymbolicLink(logs.resolve("web"), tmp.resolve("etc"));
        Path log = logs.resolve("web/cron.d/0.log");
        assertThatThrownBy(() -> new CriLogFile(log, logs, Clock.systemUTC()))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining(logs.resolve("web") + " is a symbolic link");
        assertThat(outside.resolve("0.log")).doesNotExist();
        Path deeper = logs.resolve("web/new/0.log");
        assertThatThrownBy(() -> new CriLogFile(deeper, logs, Clock.systemUTC()))
                .isInstanceOf(JcriException.FailedPrecondition.class);
        assertThat(tmp.resolve("etc/new")).doesNotExist();
    }

    @Test
    void missingSubdirectoriesAreMadeAndTheLogIsWrittenThere() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("pod-logs"));
        CriLogFile file = new CriLogFile(logs.resolve("web/0/0.log"), logs, Clock.systemUTC());
        byte[] line = "hello".getBytes(StandardCharsets.UTF_8);
        file.write(StdStream.STDOUT, false, line, 0, line.length);
        file.close();
        assertThat(Files.readString(logs.resolve("web/0/0.log"))).endsWith(" stdout F hello\n");
        assertThat(Files.getPosixFilePermissions(logs.resolve("web/0/0.log")))
                .hasSameElementsAs(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void aLogThatIsNotARegularFileIsRefused() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("pod-logs/web/0.log"));
        assertThatThrownBy(() -> new CriLogFile(logs, tmp.resolve("pod-logs"), Clock.systemUTC()))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void theStdioOfATaskBoundsItsLogByTheLogDirectory() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("pod-logs"));
        Files.createDirectories(tmp.resolve("elsewhere/sub"));
        Files.createSymbolicLink(logs.resolve("web"), tmp.resolve("elsewhere"));
        Path fifos = Files.createDirectories(tmp.resolve("fifos"));
        var request =
                new io.jcri.domain.task.StdioRequest("c1", fifos, logs.resolve("web/sub/0.log"), logs, false, false);
        assertThatThrownBy(() -> FifoTaskStdio.open(request, Clock.systemUTC(), java.util.List.of()))
                .isInstanceOf(JcriException.FailedPrecondition.class);
        assertThat(tmp.resolve("elsewhere/sub/0.log")).doesNotExist();
        try (var files = Files.list(fifos)) {
            assertThat(files).as("the FIFOs made are removed again").isEmpty();
        }
    }
}
