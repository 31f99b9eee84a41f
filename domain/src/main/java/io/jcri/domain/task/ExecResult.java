package io.jcri.domain.task;

/**
 * The outcome of a command run to completion in a container: exit code and collected output
 * (each stream cut at a cap; {@code truncated} says whether output was dropped).
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean truncated) {
    public ExecResult {
        stdout = stdout == null ? new byte[0] : stdout.clone();
        stderr = stderr == null ? new byte[0] : stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }
}
