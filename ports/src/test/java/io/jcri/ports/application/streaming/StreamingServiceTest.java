package io.jcri.ports.application.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.StdStream;
import io.jcri.ports.application.container.ContainerExits;
import io.jcri.ports.application.container.ContainerService;
import io.jcri.ports.application.container.ContainerServiceTest;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerDocuments;
import io.jcri.ports.fakes.FakeContainerHost;
import io.jcri.ports.fakes.FakeContainerIo;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakeContainerStatusFiles;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.fakes.FakeImageVolumeMounts;
import io.jcri.ports.in.ContainerLifecycle.CreateCommand;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.in.Streaming.AttachCommand;
import io.jcri.ports.in.Streaming.ExecCommand;
import io.jcri.ports.in.Streaming.PortForwardCommand;
import io.jcri.ports.out.NodeResourcePlugins;
import io.jcri.ports.out.PodPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingServiceTest {
    static final String SANDBOX = ContainerServiceTest.SANDBOX;

    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakeContainerIo io = new FakeContainerIo();
    final FakeContainerDocuments documents = new FakeContainerDocuments();
    final Sandboxes sandboxes = new Sandboxes();
    final Containers containers = new Containers();
    final MutableClock clock = new MutableClock();
    final List<String> dialed = new CopyOnWriteArrayList<>();
    final PodPorts ports = (netns, port) -> {
        dialed.add(netns + ":" + port);
        throw new JcriException.Unavailable("nothing listens on port " + port + " in " + netns);
    };
    ContainerExits exits;
    ContainerService containerService;
    StreamingService service;

    @BeforeEach
    void setUp() {
        runtime.prepareSnapshot("overlayfs", "tmp", "", Map.of());
        runtime.commitSnapshot("overlayfs", FakeImageManagement.CHAIN_ID, "tmp", Map.of());
        sandboxes.put(ContainerServiceTest.sandbox(SANDBOX, SandboxState.READY));
        exits = new ContainerExits(runtime, new FakeContainerStatusFiles(), containers, Clock.systemUTC());
        FakeImageManagement images = new FakeImageManagement() {
            @Override
            public Optional<Image> status(String reference) {
                return Optional.of(ensure(reference, RegistryAuth.NONE));
            }
        };
        containerService = new ContainerService(
                runtime,
                io,
                new FakeContainerStatusFiles(),
                documents,
                new FakeContainerHost(),
                images,
                new ImageVolumes(runtime, images, new FakeImageVolumeMounts()),
                sandboxes,
                containers,
                exits,
                Clock.systemUTC(),
                new ContainerService.Settings("overlayfs", h -> OciRuntime.runcV2(), Path.of("/run/jcri/io/c")),
                new EventBus(),
                NodeResourcePlugins.NONE,
                ContainerService.RestoreCheck.NONE);
        runtime.subscribe(exits);
        service = service(3);
    }

    StreamingService service(int maxTokens) {
        return new StreamingService(
                runtime,
                io,
                containers,
                sandboxes,
                ports,
                clock,
                new StreamingService.Settings(Path.of("/run/jcri/io/exec"), Duration.ofMinutes(1), maxTokens));
    }

    @AfterEach
    void tearDown() {
        exits.close();
    }

    String running(String name, boolean stdin, boolean stdinOnce) {
        String id = containerService.create(new CreateCommand(
                SANDBOX,
                ContainerServiceTest.config(name).toBuilder()
                        .stdin(stdin)
                        .stdinOnce(stdinOnce)
                        .build(),
                ""));
        containerService.start(id);
        return id;
    }

    static ExecCommand exec(String id, List<String> cmd) {
        return new ExecCommand(id, cmd, false, false, true, true);
    }

    // ---- tokens ----

    @Test
    void aTokenIsRedeemedOnceForTheRequestWithTheFullId() {
        String id = running("web", false, false);
        String token = service.exec(exec(id.substring(0, 12), List.of("echo", "hi")));

        assertThat(token).matches("[A-Za-z0-9_-]{22}");
        assertThat(service.redeem(token)).contains(exec(id, List.of("echo", "hi")));
        assertThat(service.redeem(token)).isEmpty();
        assertThat(service.redeem("nope")).isEmpty();
    }

    @Test
    void aTokenExpiresAfterAMinute() {
        String id = running("web", false, false);
        String early = service.exec(exec(id, List.of("true")));
        String late = service.exec(exec(id, List.of("true")));
        clock.advance(Duration.ofSeconds(59));
        assertThat(service.redeem(early)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.redeem(late)).isEmpty();
    }

    @Test
    void outstandingTokensAreBounded() {
        String id = running("web", false, false);
        String first = service.exec(exec(id, List.of("true")));
        service.exec(exec(id, List.of("true")));
        service.portForward(new PortForwardCommand(SANDBOX, List.of(80)));

        assertThatThrownBy(() -> service.exec(exec(id, List.of("true"))))
                .isInstanceOf(JcriException.Unavailable.class)
                .hasMessageContaining("3 outstanding");
        service.redeem(first);
        assertThat(service.exec(exec(id, List.of("true")))).isNotEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(service.outstandingTokens()).isZero();
    }

    // ---- checks of the RPCs ----

    @Test
    void execChecksTheContainerAndTheRequest() {
        String created = containerService.create(new CreateCommand(SANDBOX, ContainerServiceTest.config("c"), ""));
        String id = running("web", false, false);

        assertThatThrownBy(() -> service.exec(exec("f".repeat(64), List.of("true"))))
                .isInstanceOf(JcriException.NotFound.class);
        assertThatThrownBy(() -> service.exec(exec(created, List.of("true"))))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("CONTAINER_CREATED");
        assertThatThrownBy(() -> service.exec(exec(id, List.of())))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("command is empty");
        assertThatThrownBy(() -> service.exec(new ExecCommand(id, List.of("sh"), true, true, true, true)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("TTY");
        assertThatThrownBy(() -> service.exec(new ExecCommand(id, List.of("sh"), false, false, false, false)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("one of stdin");
    }

    @Test
    void attachWithStdinNeedsAContainerWithStdin() {
        String id = running("web", false, false);
        assertThatThrownBy(() -> service.attach(new AttachCommand(id, false, true, true, true)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("without stdin");
        assertThat(service.attach(new AttachCommand(id, false, false, true, true)))
                .isNotEmpty();
    }

    @Test
    void portForwardChecksTheSandboxAndConnectsInItsNetns() {
        assertThatThrownBy(() -> service.portForward(new PortForwardCommand("f".repeat(64), List.of(80))))
                .isInstanceOf(JcriException.NotFound.class);
        assertThatThrownBy(() -> service.portForward(new PortForwardCommand(SANDBOX, List.of(70000))))
                .isInstanceOf(JcriException.InvalidArgument.class);
        PortForwardCommand pf = new PortForwardCommand(SANDBOX, List.of(80));

        assertThatThrownBy(() -> service.connect(pf, 8080)).isInstanceOf(JcriException.Unavailable.class);
        assertThat(dialed).containsExactly("/run/netns/" + SANDBOX + ":8080");

        sandboxes.update(SANDBOX, s -> s.stopped());
        assertThatThrownBy(() -> service.portForward(pf)).isInstanceOf(JcriException.FailedPrecondition.class);
        assertThatThrownBy(() -> service.connect(pf, 80)).isInstanceOf(JcriException.FailedPrecondition.class);
    }

    // ---- exec sessions ----

    @Test
    void execSendsOutputAndTheExitCodeThenRemovesTheProcessAndItsFifos() {
        String id = running("web", false, false);
        Recorder out = new Recorder();
        Streaming.Session session =
                service.startExec(new ExecCommand(id, List.of("sh", "-c", "x"), false, true, true, true), out);
        String execId = execId();

        FakeContainerIo.FakeStdio stdio = io.stdio(execId);
        stdio.write(StdStream.STDOUT, "hello");
        stdio.write(StdStream.STDERR, "oops");
        session.stdin("in\n".getBytes(StandardCharsets.UTF_8), 0, 3);
        session.resize(80, 24);
        assertThat(stdio.stdinText()).isEqualTo("in\n");
        stdio.end();
        runtime.exitProcess(id, execId, 3);

        await(() -> out.outcome != null
                && stdio.closed()
                && runtime.process(id, execId).isEmpty());
        assertThat(out.outcome).isEqualTo(Streaming.Outcome.exited(3));
        assertThat(out.stdout.toString()).isEqualTo("hello\n");
        assertThat(out.stderr.toString()).isEqualTo("oops\n");
    }

    @Test
    void cancellingAnExecKillsItAndReleasesEverything() {
        String id = running("web", false, false);
        Recorder out = new Recorder();
        Streaming.Session session = service.startExec(exec(id, List.of("sleep", "1000")), out);
        String execId = execId();

        session.cancel();

        await(() -> runtime.process(id, execId).isEmpty() && !io.openIds().contains(execId));
        assertThat(out.outcome).isNull();
    }

    @Test
    void aFailedStartReleasesTheFifos() {
        String id = running("web", false, false);
        runtime.failNext("startProcess", new JcriException.Internal("runc exec failed"));

        assertThatThrownBy(() -> service.startExec(exec(id, List.of("nope")), new Recorder()))
                .isInstanceOf(JcriException.Internal.class);
        assertThat(io.openIds()).noneMatch(s -> s.startsWith("exec-"));
    }

    // ---- attach sessions ----

    @Test
    void attachSharesTheContainersOutputAndStdin() {
        String id = running("web", true, true);
        Recorder out = new Recorder();
        Streaming.Session session = service.startAttach(new AttachCommand(id, false, true, true, false), out);
        FakeContainerIo.FakeStdio stdio = io.stdio(id);

        stdio.write(StdStream.STDOUT, "line 1");
        stdio.write(StdStream.STDERR, "not asked for");
        session.stdin("typed".getBytes(StandardCharsets.UTF_8), 0, 5);
        session.closeStdin();
        assertThat(stdio.stdinText()).isEqualTo("typed");
        assertThat(stdio.logLines()).contains("stdout F line 1", "stderr F not asked for");

        stdio.end();
        assertThat(out.stdout.toString()).isEqualTo("line 1\n");
        assertThat(out.stderr.toString()).isEmpty();
        assertThat(out.outcome).isEqualTo(Streaming.Outcome.exited(0));
    }

    @Test
    void aDetachedClientGetsNoMoreOutput() {
        String id = running("web", false, false);
        Recorder out = new Recorder();
        Streaming.Session session = service.startAttach(new AttachCommand(id, false, false, true, true), out);
        FakeContainerIo.FakeStdio stdio = io.stdio(id);
        stdio.write(StdStream.STDOUT, "before");
        session.cancel();
        stdio.write(StdStream.STDOUT, "after");

        assertThat(out.stdout.toString()).isEqualTo("before\n");
        assertThat(stdio.logLines()).contains("stdout F before", "stdout F after");
    }

    // ---- helpers ----

    String execId() {
        List<String> ids = new ArrayList<>(
                io.openIds().stream().filter(s -> s.startsWith("exec-")).toList());
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static final class Recorder implements Streaming.Output {
        final StringBuffer stdout = new StringBuffer();
        final StringBuffer stderr = new StringBuffer();
        volatile Streaming.Outcome outcome;

        @Override
        public void stdout(byte[] data, int offset, int length) {
            stdout.append(new String(data, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void stderr(byte[] data, int offset, int length) {
            stderr.append(new String(data, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void finished(Streaming.Outcome o) {
            assertThat(outcome).isNull();
            outcome = o;
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
