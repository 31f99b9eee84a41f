package io.jcri.ports.application.streaming;

import io.jcri.domain.task.StdStream;
import io.jcri.ports.in.Streaming;

/** Routes a process's output to a streaming client, keeping only the streams it asked for. */
final class OutputForwarding {
    private OutputForwarding() {}

    static void forward(
            StdStream stream,
            byte[] data,
            int offset,
            int length,
            boolean wantStdout,
            boolean wantStderr,
            Streaming.Output output) {
        if (stream == StdStream.STDOUT && wantStdout) {
            output.stdout(data, offset, length);
        } else if (stream == StdStream.STDERR && wantStderr) {
            output.stderr(data, offset, length);
        }
    }
}
