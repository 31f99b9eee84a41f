package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.log.CriLogLine;
import io.jcri.domain.log.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
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
    void aLongTailReadsAtMostTheByteBoundFromTheEndOfTheFile() throws Exception {
        byte[] line = new CriLogLine(Instant.parse("2024-01-01T00:00:00Z"), LogStream.STDOUT, false, "x".repeat(16_000))
                .toBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000; i++) { // 32 MB of 16 kB lines
            out.write(line);
        }
        Path log = Files.write(dir.resolve("1.log"), out.toByteArray());
        long[] read = {0};
        try (FileChannel ch = FileChannel.open(log)) {
            SeekableByteChannel counting = new CountingChannel(ch, read);
            List<String> lines = LogTail.lastLines(counting, 20_001, 1 << 20);
            assertThat(read[0]).isLessThanOrEqualTo(1 << 20);
            assertThat(lines)
                    .hasSizeBetween(60, 66)
                    .allSatisfy(l -> assertThat(l).hasSize(line.length - 1));
        }
        assertThat(LogTail.read(log, 10_000, 1 << 20)).hasSizeBetween(60, 66);
    }

    /** Counts the bytes read through it. */
    private record CountingChannel(SeekableByteChannel ch, long[] read) implements SeekableByteChannel {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = ch.read(dst);
            read[0] += Math.max(0, n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return ch.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            ch.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return ch.isOpen();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
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
