package io.jcri.adapters.containerd.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.out.ContainerCheckpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeContainerCheckpointsTest {
    @TempDir
    Path tmp;

    private static final String VDSO = "Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds\n"
            + "Error (criu/vdso.c:613): vdso: Failed to fill self vdso symtable\n"
            + "Error (criu/kerndat.c:1615): kerndat_vdso_fill_symtable failed when initializing kerndat.\n"
            + "Error (criu/crtools.c:260): Could not initialize kernel features detection.\n"
            + "Error (criu/other.c:1): a fifth line\n";

    @Test
    void theVerdictIsTheFirstErrorLinesOrTheLastLineWhenAllIsWell() {
        var bad = CriuCheck.verdict(1, "Warn: something\n" + VDSO);
        assertThat(bad.usable()).isFalse();
        assertThat(bad.verdict())
                .startsWith("Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds; Error (criu/vdso.c:613)")
                .contains("Could not initialize kernel features detection.")
                .doesNotContain("a fifth line", "Warn:")
                .endsWith("(criu check exited 1)");
        var good = CriuCheck.verdict(0, "Warn (criu/kerndat.c:1): foo\nLooks good.\n");
        assertThat(good.usable()).isTrue();
        assertThat(good.verdict()).isEqualTo("Looks good.");
    }

    @Test
    void theCheckRunsOnceAndAMissingCriuSaysSo() throws IOException {
        Path counter = tmp.resolve("runs");
        Path script = tmp.resolve("criu");
        Files.writeString(script, "#!/bin/sh\necho x >> " + counter + "\necho 'Error (a.c:1): no' >&2\nexit 1\n");
        script.toFile().setExecutable(true);
        CriuCheck check = new CriuCheck(List.of(script.toString(), "check"), Duration.ofSeconds(10));
        assertThat(check.get().verdict()).isEqualTo("Error (a.c:1): no (criu check exited 1)");
        check.get();
        assertThat(Files.readAllLines(counter)).hasSize(1);
        assertThat(CriuCheck.find(tmp.toString())).contains(script);
        assertThat(new CriuCheck(List.of(), Duration.ZERO).get().verdict()).contains("criu is not installed");
        Path slow = tmp.resolve("slow");
        Files.writeString(slow, "#!/bin/sh\nsleep 30\n");
        slow.toFile().setExecutable(true);
        assertThat(new CriuCheck(List.of(slow.toString()), Duration.ofMillis(300))
                        .get()
                        .verdict())
                .contains("did not finish within");
    }

    @Test
    void aLocationMustBeAFileInAnExistingWritableDirectory() throws IOException {
        var checkpoints = new NodeContainerCheckpoints(() -> null, (a, b, c, d) -> {}, new FakeContainerRuntime());
        checkpoints.checkWritable(tmp.resolve("ok.tar"));
        assertThat(tmp.toFile().list()).as("the probe file is gone").isEmpty();
        assertThatThrownBy(() -> checkpoints.checkWritable(tmp))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("checkpoint location " + tmp + " is a directory");
        assertThatThrownBy(() -> checkpoints.checkWritable(tmp.resolve("no/such/x.tar")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("the directory " + tmp.resolve("no/such") + " does not exist");
        Files.createSymbolicLink(tmp.resolve("link.tar"), Path.of("/etc/passwd"));
        assertThatThrownBy(() -> checkpoints.checkWritable(tmp.resolve("link.tar")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> checkpoints.checkWritable(Path.of("/proc/x.tar")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("the directory /proc takes no new file");
    }

    @Test
    void theArchiveHoldsTheDumpSpecConfigRootfsDiffAndLog() throws Exception {
        Path upper = Files.createDirectories(tmp.resolve("snap/fs"));
        Files.createDirectories(upper.resolve("data"));
        Files.writeString(upper.resolve("data/counter"), "41");
        Path log = Files.writeString(tmp.resolve("web.log"), "2026-01-01T00:00:00Z stdout F hi\n");
        List<Mount> mounts = List.of(new Mount("overlay", "overlay", "", List.of("upperdir=" + upper, "workdir=/w")));
        List<Path> workDirs = new ArrayList<>();
        var checkpoints = new NodeContainerCheckpoints(
                () -> new ContainerCheckpoints.CriuVerdict(true, "Looks good."),
                (id, image, work, timeout) -> {
                    workDirs.add(work);
                    write(image.resolve("pages-1.img"), "memory of " + id);
                },
                new FakeContainerRuntime() {
                    @Override
                    public List<Mount> snapshotMounts(String snapshotter, String key) {
                        return mounts;
                    }
                });
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path archive = out.resolve("web.tar");
        checkpoints.checkpoint(new ContainerCheckpoints.Request(
                "c1",
                archive,
                Duration.ofSeconds(30),
                "{\"ociVersion\":\"1.1.0\"}",
                "{\"id\":\"c1\"}",
                "overlayfs",
                log));
        assertThat(out.toFile().list()).as("only the archive is left").containsExactly("web.tar");
        assertThat(workDirs).allSatisfy(w -> assertThat(w).doesNotExist());
        assertThat(tarList(archive))
                .contains(
                        "./checkpoint/pages-1.img",
                        "./spec.dump",
                        "./config.dump",
                        "./rootfs-diff.tar",
                        "./deleted.files",
                        "./container.log");
        Path x = Files.createDirectories(tmp.resolve("x"));
        exec("tar", "-xf", archive.toString(), "-C", x.toString());
        assertThat(Files.readString(x.resolve("spec.dump"))).isEqualTo("{\"ociVersion\":\"1.1.0\"}");
        assertThat(Files.readString(x.resolve("checkpoint/pages-1.img"))).isEqualTo("memory of c1");
        assertThat(Files.readString(x.resolve("container.log"))).contains("stdout F hi");
        assertThat(Files.readString(x.resolve("deleted.files"))).isEqualTo("[]");
        assertThat(tarList(x.resolve("rootfs-diff.tar"))).containsExactly("data/", "data/counter");
    }

    @Test
    void aFailedDumpLeavesNothingBehind() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        var checkpoints = new NodeContainerCheckpoints(
                () -> new ContainerCheckpoints.CriuVerdict(true, "ok"),
                (id, image, work, timeout) -> {
                    calls.incrementAndGet();
                    write(image.resolve("half.img"), "x");
                    throw new JcriException.FailedPrecondition("containerd Tasks.Checkpoint: criu failed");
                },
                new FakeContainerRuntime());
        Path archive = tmp.resolve("web.tar");
        assertThatThrownBy(() -> checkpoints.checkpoint(new ContainerCheckpoints.Request(
                        "c1", archive, Duration.ofSeconds(5), "{}", "{}", "overlayfs", null)))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("criu failed");
        assertThat(calls).hasValue(1);
        assertThat(tmp.toFile().list()).isEmpty();
    }

    private static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> tarList(Path archive) throws Exception {
        return List.of(exec("tar", "-tf", archive.toString()).split("\n"));
    }

    private static String exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
