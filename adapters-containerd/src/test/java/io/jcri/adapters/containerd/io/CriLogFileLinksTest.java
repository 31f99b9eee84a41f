package io.jcri.adapters.containerd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogFileLinksTest {
    @TempDir
    Path tmp;

    @Test
    void aLogPathThatIsALinkIsRefusedAndItsTargetUntouched() throws Exception {
        Path target = Files.writeString(tmp.resolve("shadow"), "root:secret\n");
        Path logs = Files.createDirectories(tmp.resolve("pod-logs"));
        Files.createSymbolicLink(logs.resolve("web.log"), target);
        assertThatThrownBy(() -> new CriLogFile(logs.resolve("web.log"), Clock.systemUTC()))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("is a symbolic link");
        Files.createSymbolicLink(tmp.resolve("linked-dir"), Files.createDirectories(tmp.resolve("elsewhere")));
        assertThatThrownBy(() -> new CriLogFile(tmp.resolve("linked-dir/web.log"), Clock.systemUTC()))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("its directory " + tmp.resolve("linked-dir") + " is a symbolic link");
        assertThat(Files.readString(target)).isEqualTo("root:secret\n");
        assertThat(tmp.resolve("elsewhere/web.log")).doesNotExist();
    }
}
