package io.jcri.adapters.containerd.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which processes of a /proc count as jcri's shims. */
class ProcShimProcessesTest {
    @TempDir
    Path proc;

    private void process(long pid, String... argv) throws Exception {
        Path d = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.write(d.resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyShimServersOfJcrisNamespaceAndEngineCount() throws Exception {
        String shim = "/usr/bin/containerd-shim-runc-v2";
        process(101, shim, "-namespace", "k8s.io", "-id", "ours", "-address", "/run/x/containerd.sock");
        process(102, shim, "-namespace", "moby", "-id", "other-ns", "-address", "/run/x/containerd.sock");
        process(
                103,
                shim,
                "-namespace",
                "k8s.io",
                "-id",
                "other-engine",
                "-address",
                "/run/containerd/containerd.sock");
        process(104, shim, "-namespace", "k8s.io", "-address", "/run/x/containerd.sock", "-id", "deleting", "delete");
        process(105, "/bin/sleep", "-namespace", "k8s.io", "-id", "not-a-shim", "-address", "/run/x/containerd.sock");
        process(106, shim, "-namespace=k8s.io", "-id=also-ours", "-address=unix:///run/x/containerd.sock", "-debug");
        Files.createDirectories(proc.resolve("self"));

        ProcShimProcesses shims =
                new ProcShimProcesses(proc, Path.of("/run/x"), "k8s.io", Path.of("/run/x/containerd.sock"));
        assertThat(shims.running()).containsExactlyInAnyOrder("ours", "also-ours");
        assertThat(shims.scan().get("ours").pid()).isEqualTo(101);
    }

    @Test
    void endingAShimThatDoesNotRunDoesNothing() {
        ProcShimProcesses shims =
                new ProcShimProcesses(proc, Path.of("/run/x"), "k8s.io", Path.of("/run/x/containerd.sock"));
        shims.end("gone");
        assertThat(shims.running()).isEmpty();
    }
}
