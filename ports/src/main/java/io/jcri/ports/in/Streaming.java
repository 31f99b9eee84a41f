package io.jcri.ports.in;

import io.jcri.domain.error.JcriException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Exec, Attach and PortForward: the RPC checks a request and hands out a single-use token (the
 * streaming server puts it into the URL it answers with); the streaming server redeems the token
 * when the client connects, and drives the session through this port.
 */
public interface Streaming {

    /**
     * Exec: checks the container runs and the command is usable; returns a token.
     *
     * @throws JcriException.NotFound for an unknown container
     * @throws JcriException.FailedPrecondition when the container is not running
     * @throws JcriException.InvalidArgument for an empty command, no stream asked for, or a TTY
     *     together with stderr
     * @throws JcriException.Unavailable when too many tokens are outstanding
     */
    String exec(ExecCommand command);

    /** Attach: as {@link #exec}, for the container's own process. */
    String attach(AttachCommand command);

    /**
     * PortForward: checks the sandbox exists and is ready; returns a token.
     *
     * @throws JcriException.NotFound for an unknown sandbox
     * @throws JcriException.FailedPrecondition when it is not ready
     */
    String portForward(PortForwardCommand command);

    /** The request a token was issued for, once: empty for an unknown, used or expired token. */
    Optional<Request> redeem(String token);

    /**
     * Starts an exec process with the command's streams, its output going to {@code output}; the
     * session ends with {@link Output#finished} (exit code, or the error that stopped it).
     */
    Session startExec(ExecCommand command, Output output);

    /** Connects {@code output} to the running container's stdio (which keeps feeding the log). */
    Session startAttach(AttachCommand command, Output output);

    /**
     * Opens a TCP connection to {@code port} on the pod's loopback, inside its network namespace.
     *
     * @throws JcriException.InvalidArgument for a port outside 1..65535
     * @throws JcriException.Unavailable when nothing accepts the connection
     */
    SocketChannel connect(PortForwardCommand command, int port);

    /** What a token stands for. */
    sealed interface Request permits ExecCommand, AttachCommand, PortForwardCommand {}

    record ExecCommand(
            String containerId, List<String> command, boolean tty, boolean stdin, boolean stdout, boolean stderr)
            implements Request {
        public ExecCommand {
            Objects.requireNonNull(containerId, "containerId");
            command = List.copyOf(command == null ? List.of() : command);
        }
    }

    record AttachCommand(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr)
            implements Request {
        public AttachCommand {
            Objects.requireNonNull(containerId, "containerId");
        }
    }

    /** @param ports the ports the client named in the RPC (the streams name theirs, too) */
    record PortForwardCommand(String sandboxId, List<Integer> ports) implements Request {
        public PortForwardCommand {
            Objects.requireNonNull(sandboxId, "sandboxId");
            ports = List.copyOf(ports == null ? List.of() : ports);
        }
    }

    /** Where a session's output goes; called on reader threads, must not block long. */
    interface Output {
        void stdout(byte[] data, int offset, int length);

        void stderr(byte[] data, int offset, int length);

        /** The session is over; called once. */
        void finished(Outcome outcome);
    }

    /**
     * How a session ended: an exit code (attach: 0 when the output ended), or an error message
     * (then {@code exitCode} is -1).
     */
    record Outcome(int exitCode, String error) {
        public static Outcome exited(int code) {
            return new Outcome(code, null);
        }

        public static Outcome failed(String message) {
            return new Outcome(-1, message);
        }

        public boolean success() {
            return error == null && exitCode == 0;
        }
    }

    /** A running exec or attach, driven by the client's streams. */
    interface Session {
        /** Writes to the process's stdin; blocks while the pipe is full. No-op without stdin. */
        void stdin(byte[] data, int offset, int length);

        /** The client's stdin ended. */
        void closeStdin();

        /** The client's terminal has this size now. */
        void resize(int width, int height);

        /**
         * The client went away: an exec process is killed, an attach detaches; everything the
         * session holds is released. Idempotent.
         */
        void cancel();
    }
}
