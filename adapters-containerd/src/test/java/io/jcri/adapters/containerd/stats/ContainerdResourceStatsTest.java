package io.jcri.adapters.containerd.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.stats.ProcessTotals;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskIo;
import io.jcri.ports.fakes.FakeContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerdResourceStatsTest {
    @TempDir
    Path proc;

    final FakeContainerRuntime runtime = new FakeContainerRuntime();

    @Test
    void aRunningTasksProcessesAreReadFromProcByTheEnginesPidList() throws IOException {
        runtime.createContainer(
                new NewContainerRecord("c1", "img", OciRuntime.runcV2(), "{}", "overlayfs", "c1", Map.of(), Map.of()));
        int pid = runtime.createTask("c1", List.of(), TaskIo.none());
        runtime.startTask("c1");
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)).resolve("fd"));
        Files.writeString(dir.getParent().resolve("status"), "Threads:\t4\n");
        Files.createSymbolicLink(dir.resolve("3"), Path.of("socket:[5]"));
        ContainerdResourceStats stats =
                new ContainerdResourceStats(null, runtime, Clock.systemUTC(), proc, proc.resolve("no-cgroup"));

        assertThat(stats.processes("c1", pid)).contains(new ProcessTotals(1, 4, 1, 1, -1));
        assertThat(stats.processes("gone", 0)).as("no such task").isEmpty();
    }
}
