package io.jcri.adapters.containerd.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path tmp;

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aWriteReplacesTheFileWholeAndLeavesNoTempFile() throws Exception {
        Path f = tmp.resolve("a/status.json");
        DurableFiles.write(f, "one".getBytes(StandardCharsets.UTF_8));
        DurableFiles.write(f, "two".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(f)).isEqualTo("two");
        assertThat(count(f.getParent())).isEqualTo(1);
        DurableFiles.delete(f);
        assertThat(f).doesNotExist();
        DurableFiles.delete(f); // twice is fine
    }

    @Test
    void staleTempFilesACrashLeftAreRemovedDownToTheDepthAskedAndNothingElse() throws Exception {
        Path c = Files.createDirectories(tmp.resolve("containers/abc"));
        Files.writeString(c.resolve("status.json"), "{}");
        Files.writeString(c.resolve("status.json.41.tmp"), "{\"sta"); // the old writer's name
        Files.writeString(c.resolve(".status.json.7.tmp"), "");
        Path deeper = Files.createDirectories(c.resolve("deeper"));
        Files.writeString(deeper.resolve("x.tmp"), "");
        Files.writeString(tmp.resolve("containers/.note.3.tmp"), "");

        assertThat(DurableFiles.removeStaleTemps(tmp.resolve("containers"), 2)).isEqualTo(3);
        try (Stream<Path> s = Files.list(c)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("status.json", "deeper");
        }
        assertThat(deeper.resolve("x.tmp")).exists();
        assertThat(DurableFiles.removeStaleTemps(tmp.resolve("missing"), 2)).isZero();
    }
}
