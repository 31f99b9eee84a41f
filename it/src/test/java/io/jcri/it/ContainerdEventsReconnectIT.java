package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.task.ContainerdContainerRuntime;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskEvent;
import io.jcri.domain.task.TaskIo;
import io.jcri.it.fixtures.BusyboxRootfs;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.OciSpecs;
import io.jcri.it.fixtures.TestCgroups;
import io.jcri.ports.contract.RecordingListener;
import io.jcri.ports.out.EventSubscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event subscriber outlives a containerd restart and still sees the exits of older tasks. */
class ContainerdEventsReconnectIT {
    static final String NS = "jcri-test";
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void reconnectsAfterARestartResyncsAndDeliversExits() {
        String id = "reconnect-1";
        try (ContainerdFixture containerd = ContainerdFixture.start();
                TestCgroups cgroups = new TestCgroups();
                ContainerdClient client = ContainerdClient.connect(containerd.socket(), NS);
                ContainerdContainerRuntime runtime = ContainerdContainerRuntime.create(client)) {
            Path rootfs = BusyboxRootfs.create(containerd.dir());
            RecordingListener events = new RecordingListener();
            try (EventSubscription sub = runtime.subscribe(events)) {
                events.awaitResyncs(1, WAIT);
                assertThat(sub.connected()).isTrue();
                runtime.createContainer(new NewContainerRecord(
                        id,
                        "",
                        OciRuntime.runcV2(),
                        OciSpecs.spec(rootfs, cgroups.pathFor(id), 0, "sleep", "1000"),
                        "",
                        "",
                        Map.of(),
                        Map.of()));
                runtime.createTask(id, List.of(), TaskIo.none());
                int pid = runtime.startTask(id);
                events.await(TaskEvent.Started.class, e -> e.containerId().equals(id), WAIT);

                containerd.stop();
                Await.until(WAIT, "the subscriber to notice containerd is gone", () -> !sub.connected());
                containerd.restart();
                events.awaitResyncs(2, WAIT);
                assertThat(sub.connected()).isTrue();

                assertThat(runtime.killTask(id, 9, false)).isTrue();
                TaskEvent.Exited exit = events.await(
                        TaskEvent.Exited.class, e -> e.containerId().equals(id), WAIT);
                assertThat(exit.pid()).isEqualTo(pid);
                assertThat(exit.exitCode()).isEqualTo(137);
                assertThat(runtime.deleteTask(id)).isPresent();
            } finally {
                runtime.killTask(id, 9, true);
                try {
                    runtime.waitTask(id, Duration.ofSeconds(10));
                } catch (JcriException e) {
                    // no task
                }
                runtime.deleteTask(id);
                runtime.deleteContainer(id);
            }
            assertThat(containerd.ctr(NS, "tasks", "ls", "-q")).isBlank();
        }
    }
}
