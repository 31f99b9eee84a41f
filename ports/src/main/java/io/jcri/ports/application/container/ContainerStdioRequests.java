package io.jcri.ports.application.container;

import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.task.StdioRequest;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The stdio a container's task is given: its FIFOs and its CRI log, bounded by its pod's
 * log_directory (no link may lie between that directory and the log file).
 */
final class ContainerStdioRequests {
    private ContainerStdioRequests() {}

    static StdioRequest of(ContainerMetadata m, Path fifoDir, Optional<Sandbox> sandbox) {
        Path log = m.logPath().isEmpty() ? null : Path.of(m.logPath());
        Path dir = null;
        if (log != null && sandbox.isPresent()) {
            String d = sandbox.get().config().logDirectory();
            if (!d.isEmpty() && log.normalize().startsWith(Path.of(d).normalize())) {
                dir = Path.of(d);
            }
        }
        return new StdioRequest(m.id(), fifoDir, log, dir, m.stdin(), m.tty());
    }
}
