package io.jcri.domain.task;

import io.jcri.domain.error.JcriException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The node-local stdio a task needs: FIFOs under {@code fifoDir} (named after {@code id}), its
 * output copied into the CRI log at {@code logPath} (none when null) and offered to attach
 * clients; a stdin FIFO when {@code stdin}; one output stream when {@code terminal}.
 */
public record StdioRequest(String id, Path fifoDir, Path logPath, boolean stdin, boolean terminal) {
    public StdioRequest {
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.contains("/")) {
            throw new JcriException.InvalidArgument("stdio id '" + id + "' is empty or contains '/'");
        }
        Objects.requireNonNull(fifoDir, "fifoDir");
    }
}
