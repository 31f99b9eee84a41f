package io.jcri.ports.application.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.in.ContainerLifecycle.CreateCommand;
import io.jcri.ports.in.ContainerLifecycle.ExecSyncCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the fuzz harness found answered INTERNAL, or with a message naming nothing: each gets
 * a status naming the field or object; against the fakes of {@link ContainerServiceTest}.
 */
class ContainerBadInputTest {
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
    void aCommandThatCannotBeStartedIsAFailedPreconditionNamingCmdAndContainer() {
        String id = base.create("app");
        base.service.start(id);
        base.io.failNext(
                "execSync",
                new JcriException.FailedPrecondition("the command cannot be started in container " + id
                        + ": exec: \"nope\": executable file not found in $PATH"));
        assertThatThrownBy(() -> base.service.execSync(new ExecSyncCommand(id, List.of("nope"), Duration.ofSeconds(5))))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageStartingWith("ExecSync of cmd \"nope\": ")
                .hasMessageContaining("container " + id);
        assertThatThrownBy(
                        () -> base.service.execSync(new ExecSyncCommand(id, List.of("", "x"), Duration.ofSeconds(5))))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining(id)
                .hasMessageContaining("cmd[0] is empty");
        assertThat(base.io.execs()).isEmpty();
    }

    @Test
    void resourcesTheKernelWouldRefuseAreInvalidAtUpdateAndChangeNothing() {
        String id = base.create("app");
        LinuxResources huge = LinuxResources.NONE.withCpu(0, 0, Long.MAX_VALUE);
        assertThatThrownBy(() -> base.service.updateResources(id, huge))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("cpu_period " + Long.MAX_VALUE);
        assertThat(base.runtime.container(id).orElseThrow().labels())
                .doesNotContainKey(ContainerLabels.RESOURCES_PENDING);
        assertThat(base.get(id).resources()).isNotEqualTo(huge);
        // the start that would have applied them runs
        base.service.start(id);
        assertThat(base.get(id).running()).isTrue();
        assertThatThrownBy(() -> base.service.updateResources(id, LinuxResources.NONE.withCpu(0, 500, 100_000)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("cpu_quota 500");
    }

    @Test
    void aContainerTaskDeleteCutByItsShimExitingIsDoneOnceTheTaskIsGone() {
        String id = base.create("app");
        base.service.start(id);
        // RemoveContainer kills it; the delete at its exit fails (the task is left to Remove), and
        // Remove's own delete is cut by the shim exiting after another removal deleted the task
        base.runtime.beforeNext("deleteTask", () -> {
            base.runtime.failNext("deleteTask", new JcriException.Internal("containerd Tasks.Delete " + id + ": boom"));
            base.runtime.beforeNext("deleteTask", () -> {
                base.runtime.deleteTask(id);
                base.runtime.failNext(
                        "deleteTask",
                        new JcriException.Internal(
                                "containerd Tasks.Delete " + id + ": failed to delete task: ttrpc: closed"));
            });
        });
        base.service.remove(id);
        assertThat(base.runtime.leftovers()).noneMatch(l -> l.contains(id));
        assertThatThrownBy(() -> base.get(id)).isInstanceOf(JcriException.NotFound.class);
    }

    @Test
    void aLogPathWithANulCharacterIsInvalidNotInternal() {
        ContainerConfig c = ContainerConfig.builder("app", "busybox:latest")
                .command(List.of("sh"))
                .logPath("app/\0.log")
                .build();
        assertThatThrownBy(() -> base.service.create(new CreateCommand(ContainerServiceTest.SANDBOX, c, "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("CreateContainer app: log_path");
    }

    static final String KERNEL_REFUSAL =
            "containerd Tasks.Update x: runc did not terminate successfully: exit status 1:"
                    + " failed to write \"7\": write /sys/fs/cgroup/cpuset/jcri/x/cpuset.mems: invalid argument";

    @Test
    void resourcesTheKernelRefusesAreNamedAtStartAndAtUpdateNotInternal() {
        String id = base.create("app");
        base.service.updateResources(id, LinuxResources.NONE.withCpuset("", "7"));
        base.runtime.failNext("updateTaskResources", new JcriException.Internal(KERNEL_REFUSAL));
        assertThatThrownBy(() -> base.service.start(id))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("container " + id)
                .hasMessageContaining("cpuset.mems: invalid argument");
        String other = base.create("other");
        base.service.start(other);
        base.runtime.failNext("updateTaskResources", new JcriException.Internal(KERNEL_REFUSAL));
        assertThatThrownBy(() -> base.service.updateResources(other, LinuxResources.NONE.withCpuset("", "7")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("container " + other)
                .hasMessageContaining("cpuset.mems");
    }

    @Test
    void aStartWaitsForAStopOfItsPodInProgressAndThenDoesNotStart() throws Exception {
        String id = base.create("app");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread stop = new Thread(() -> base.sandboxes.locks.exclusive(ContainerServiceTest.SANDBOX, () -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            base.sandboxes.update(ContainerServiceTest.SANDBOX, Sandbox::stopped);
        }));
        stop.start();
        held.await();
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> base.service.start(id));
        Thread.sleep(300);
        assertThat(start).isNotDone();
        assertThat(base.runtime.task(id)).isEmpty();
        release.countDown();
        assertThatThrownBy(start::join).hasCauseInstanceOf(JcriException.FailedPrecondition.class);
        stop.join();
        assertThat(base.runtime.task(id)).isEmpty();
    }

    @Test
    void aStopTimeoutPastAnyClockIsBoundedNotAnOverflow() {
        String id = base.create("app");
        base.service.start(id);
        base.service.stop(id, Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(base.get(id).exited()).isTrue();
    }
}
