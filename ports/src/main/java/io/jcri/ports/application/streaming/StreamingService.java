package io.jcri.ports.application.streaming;

import io.jcri.domain.container.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.PodPorts;
import io.jcri.ports.out.TaskStdio;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Exec, Attach and PortForward over the engine, the node's stdio and the pods' network namespaces. */
public final class StreamingService implements Streaming {

    /**
     * @param execFifoDir where exec processes' stdio FIFOs go
     * @param tokenTtl how long a token stays valid (the CRI's streaming servers use a minute)
     * @param maxTokens how many tokens may be outstanding at once
     */
    public record Settings(Path execFifoDir, Duration tokenTtl, int maxTokens) {
        public Settings {
            Objects.requireNonNull(execFifoDir, "execFifoDir");
            Objects.requireNonNull(tokenTtl, "tokenTtl");
        }
    }

    private final ContainerRuntime runtime;
    private final ContainerIo io;
    private final Containers containers;
    private final Sandboxes sandboxes;
    private final PodPorts ports;
    private final Settings settings;
    private final StreamTokens tokens;

    public StreamingService(
            ContainerRuntime runtime,
            ContainerIo io,
            Containers containers,
            Sandboxes sandboxes,
            PodPorts ports,
            Clock clock,
            Settings settings) {
        this.runtime = runtime;
        this.io = io;
        this.containers = containers;
        this.sandboxes = sandboxes;
        this.ports = ports;
        this.settings = settings;
        this.tokens = new StreamTokens(clock, settings.tokenTtl(), settings.maxTokens());
    }

    // ---- the RPCs ----

    @Override
    public String exec(ExecCommand command) {
        Container c = running(command.containerId(), "Exec");
        if (command.command().isEmpty()) {
            throw new JcriException.InvalidArgument("Exec in container " + c.id() + ": the command is empty");
        }
        checkStreams("Exec", c.id(), command.tty(), command.stdin(), command.stdout(), command.stderr());
        return tokens.issue(new ExecCommand(
                c.id(), command.command(), command.tty(), command.stdin(), command.stdout(), command.stderr()));
    }

    @Override
    public String attach(AttachCommand command) {
        Container c = running(command.containerId(), "Attach");
        checkStreams("Attach", c.id(), command.tty(), command.stdin(), command.stdout(), command.stderr());
        if (command.stdin() && !c.metadata().stdin()) {
            throw new JcriException.InvalidArgument(
                    "Attach to container " + c.id() + " with stdin: the container was created without stdin");
        }
        return tokens.issue(
                new AttachCommand(c.id(), command.tty(), command.stdin(), command.stdout(), command.stderr()));
    }

    @Override
    public String portForward(PortForwardCommand command) {
        Sandbox s = readySandbox(command.sandboxId());
        for (int port : command.ports()) {
            checkPort(s.id(), port);
        }
        return tokens.issue(new PortForwardCommand(s.id(), command.ports()));
    }

    @Override
    public Optional<Request> redeem(String token) {
        return token == null ? Optional.empty() : tokens.redeem(token);
    }

    /** How many tokens wait for their client now. */
    public int outstandingTokens() {
        return tokens.outstanding();
    }

    // ---- the sessions ----

    @Override
    public Session startExec(ExecCommand command, Output output) {
        Container c = running(command.containerId(), "Exec");
        ContainerRecord record = runtime.container(c.id())
                .orElseThrow(() -> new JcriException.NotFound("container " + c.id() + " has no engine record"));
        ExecProcess process = ExecProcess.of(record.ociSpecJson(), command.command(), command.tty());
        return ExecSession.start(runtime, io, settings.execFifoDir(), c.id(), process, command, output);
    }

    @Override
    public Session startAttach(AttachCommand command, Output output) {
        Container c = running(command.containerId(), "Attach");
        TaskStdio stdio = containers
                .stdio(c.id())
                .orElseThrow(() -> new JcriException.FailedPrecondition(
                        "container " + c.id() + " has no open stdio to attach to"));
        return AttachSession.start(runtime, stdio, c, command, output);
    }

    @Override
    public SocketChannel connect(PortForwardCommand command, int port) {
        Sandbox s = readySandbox(command.sandboxId());
        checkPort(s.id(), port);
        return ports.connect(s.hostNetwork() ? null : s.netnsPath().orElse(null), port);
    }

    // ---- checks ----

    private Container running(String containerId, String verb) {
        Container c = containers.resolve(containerId);
        if (!c.running()) {
            throw new JcriException.FailedPrecondition(
                    "container " + c.id() + " is " + c.state().phase().label() + "; " + verb + " needs it running");
        }
        return c;
    }

    private Sandbox readySandbox(String sandboxId) {
        Sandbox s = sandboxes.resolve(sandboxId);
        if (s == null) {
            throw new JcriException.NotFound("pod sandbox " + sandboxId + " does not exist");
        }
        if (!s.ready()) {
            throw new JcriException.FailedPrecondition(
                    "pod sandbox " + s.id() + " is not ready; cannot forward ports into it");
        }
        return s;
    }

    private static void checkPort(String sandboxId, int port) {
        if (port < 1 || port > 65535) {
            throw new JcriException.InvalidArgument(
                    "PortForward to pod sandbox " + sandboxId + ": port " + port + " is not in 1..65535");
        }
    }

    private static void checkStreams(
            String verb, String id, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        if (!stdin && !stdout && !stderr) {
            throw new JcriException.InvalidArgument(
                    verb + " in container " + id + ": one of stdin, stdout and stderr must be asked for");
        }
        if (tty && stderr) {
            throw new JcriException.InvalidArgument(
                    verb + " in container " + id + ": a TTY has no separate stderr; do not ask for both");
        }
    }
}
