package io.jcri.ports.application.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A container's log is opened bounded by its pod's log_directory (the writer refuses a link
 * anywhere below it), at start and when recovery reopens it; against the fakes of
 * {@link ContainerServiceTest}.
 */
class ContainerLogBoundaryTest {
    static final Path POD_LOGS = Path.of("/var/log/pods/default_web_uid-1");
    final ContainerServiceTest base = new ContainerServiceTest();

    @BeforeEach
    void setUp() {
        base.setUp();
    }

    @AfterEach
    void tearDown() {
        base.tearDown();
    }

    @Test
    void startOpensTheLogBoundedByThePodsLogDirectory() {
        String id = base.create("app");
        base.service.start(id);
        var request = base.io.stdio(id).request();
        assertThat(request.logPath()).isEqualTo(POD_LOGS.resolve("app/0.log"));
        assertThat(request.logDirectory()).isEqualTo(POD_LOGS);
    }

    @Test
    void recoveryReopensTheLogBoundedByThePodsLogDirectory() {
        String id = base.create("app");
        base.service.start(id);
        base.boot();
        new ContainerRecovery(
                        base.runtime,
                        base.io,
                        base.files,
                        base.documents,
                        base.containers,
                        base.exits,
                        Clock.systemUTC(),
                        ContainerServiceTest.FIFOS,
                        base.sandboxes)
                .recover();
        assertThat(base.io.opens(id)).isEqualTo(2);
        assertThat(base.io.stdio(id).request().logDirectory()).isEqualTo(POD_LOGS);
    }
}
