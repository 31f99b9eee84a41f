package io.jcri.adapters.containerd.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.stats.ProcessTotals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcTableTest {
    static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max open files            1024                 524288               files
            Max processes             %s                   63704                processes
            """;

    @TempDir
    Path proc;

    @Test
    void sumsThreadsDescriptorsAndSocketsOverThePidsAndTakesTheFirstsOpenFilesLimit() throws IOException {
        process(10, 3, List.of("anon_inode:[eventfd]", "socket:[1234]", "pipe:[9]"), "1024");
        process(11, 2, List.of("socket:[77]", "app.log"), "unlimited");
        ProcessTotals t = new ProcTable(proc).totals(10, List.of(10, 11, 12));
        assertThat(t).as("pid 12 is gone").isEqualTo(new ProcessTotals(2, 5, 5, 2, 1024));
    }

    @Test
    void anUnlimitedOrUnreadableOpenFilesLimitIsMinusOne() throws IOException {
        process(20, 1, List.of(), "x");
        Files.writeString(
                proc.resolve("20/limits"),
                "Max open files            unlimited            unlimited            files\n");
        ProcTable table = new ProcTable(proc);
        assertThat(table.openFilesSoftLimit(20)).isEqualTo(-1);
        assertThat(table.openFilesSoftLimit(21)).isEqualTo(-1);
        assertThat(table.openFilesSoftLimit(0)).isEqualTo(-1);
    }

    @Test
    void theJvmsOwnProcessReadsFromTheRealProc() {
        int self = (int) ProcessHandle.current().pid();
        ProcessTotals t = new ProcTable(Path.of("/proc")).totals(self, List.of(self));
        assertThat(t.processes()).isEqualTo(1);
        assertThat(t.threads()).isGreaterThan(1);
        assertThat(t.fileDescriptors()).isGreaterThan(2);
        assertThat(t.openFilesSoftLimit()).isNotZero();
    }

    void process(int pid, int threads, List<String> fdTargets, String maxProcesses) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(
                dir.resolve("status"), "Name:\tsh\nState:\tS (sleeping)\nThreads:\t" + threads + "\nVmRSS:\t1 kB\n");
        Files.writeString(dir.resolve("limits"), LIMITS.formatted(maxProcesses));
        Path fd = Files.createDirectories(dir.resolve("fd"));
        for (int i = 0; i < fdTargets.size(); i++) {
            Files.createSymbolicLink(fd.resolve(Integer.toString(i)), Path.of(fdTargets.get(i)));
        }
    }
}
