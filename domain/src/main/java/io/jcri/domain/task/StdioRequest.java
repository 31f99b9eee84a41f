package io.jcri.domain.task;

import io.jcri.domain.error.JcriException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The node-local stdio a task needs: FIFOs under {@code fifoDir} (named after {@code id}), its
 * output copied into the CRI log at {@code logPath} (none when null) and offered to attach
 * clients; a stdin FIFO when {@code stdin}; one output stream when {@code terminal}.
 *
 * @param logDirectory the pod's log_directory, which {@code logPath} is inside: no component
 *     from it down to the log file may be a symbolic link. When null (not known), the log's own
 *     directory.
 */
public record StdioRequest(String id, Path fifoDir, Path logPath, Path logDirectory, boolean stdin, boolean terminal) {
    public StdioRequest {
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.contains("/")) {
            throw new JcriException.InvalidArgument("stdio id '" + id + "' is empty or contains '/'");
        }
        Objects.requireNonNull(fifoDir, "fifoDir");
        if (logPath != null && logDirectory == null) {
            logDirectory = logPath.toAbsolutePath().getParent();
        }
        if (logPath != null
                && !logPath.toAbsolutePath()
                        .normalize()
                        .startsWith(logDirectory.toAbsolutePath().normalize())) {
            throw new JcriException.InvalidArgument(
                    "stdio of " + id + ": log " + logPath + " is not inside its log directory " + logDirectory);
        }
    }

    /** A request whose log's boundary is the log's own directory. */
    public StdioRequest(String id, Path fifoDir, Path logPath, boolean stdin, boolean terminal) {
        this(id, fifoDir, logPath, null, stdin, terminal);
    }
}
