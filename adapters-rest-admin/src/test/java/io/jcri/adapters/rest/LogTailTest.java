package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.log.CriLogLine;
import io.jcri.domain.log.LogStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void readsOnlyTheLastLinesOfALargeLogAndJoinsPartialOnes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            out.write(new CriLogLine(t, LogStream.STDOUT, false, "line " + i).toBytes());
        }
        out.write(new CriLogLine(t, LogStream.STDERR, true, "split ").toBytes());
        out.write(new CriLogLine(t, LogStream.STDERR, false, "in two").toBytes());
        Path log = Files.write(dir.resolve("0.log"), out.toByteArray());
        List<CriLogLine> tail = LogTail.read(log, 2);
        assertThat(tail).extracting(CriLogLine::message).containsExactly("line 19999", "split in two");
        assertThat(tail.get(1).stream()).isEqualTo(LogStream.STDERR);
    }

    @Test
    void aMissingLogIsNotFoundNamingIt() {
        assertThatThrownBy(() -> LogTail.read(dir.resolve("nope.log"), 5))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("nope.log");
    }

    @Test
    void pagingChecksItsBoundsAndSlices() {
        assertThat(Paging.page(List.of(1, 2, 3, 4, 5), 1, 2, i -> i * 10).items())
                .containsExactly(30, 40);
        assertThat(Paging.page(List.of(1, 2), 5, 2, i -> i).items()).isEmpty();
        assertThatThrownBy(() -> Paging.check(-1, 10)).hasMessageContaining("page");
        assertThatThrownBy(() -> Paging.check(0, 0)).hasMessageContaining("size");
        assertThat(Paging.labels(List.of("app=web", "tier=a=b"))).isEqualTo(Map.of("app", "web", "tier", "a=b"));
        assertThatThrownBy(() -> Paging.labels(List.of("novalue"))).hasMessageContaining("key=value");
    }
}
