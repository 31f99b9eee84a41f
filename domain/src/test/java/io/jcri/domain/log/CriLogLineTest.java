package io.jcri.domain.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CriLogLineTest {
    static final Instant T = Instant.parse("2024-03-05T07:08:09.123456789Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2024-03-05T07:08:09.123456789Z, 2024-03-05T07:08:09.123456789Z",
        "2024-03-05T07:08:09.120000000Z, 2024-03-05T07:08:09.12Z",
        "2024-03-05T07:08:09.000000100Z, 2024-03-05T07:08:09.0000001Z",
        "2024-03-05T07:08:09Z,           2024-03-05T07:08:09Z",
        "2024-03-05T09:08:09.5+02:00,    2024-03-05T07:08:09.5Z",
    })
    void writesTimesLikeGoRfc3339Nano(String instant, String expected) {
        assertThat(CriLogLine.timestamp(java.time.OffsetDateTime.parse(instant).toInstant()))
                .isEqualTo(expected);
    }

    @Test
    void formatsAFullLine() {
        byte[] line = new CriLogLine(T, LogStream.STDOUT, false, "hello world").toBytes();
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo("2024-03-05T07:08:09.123456789Z stdout F hello world\n");
    }

    @Test
    void splitsLongLinesIntoPartialChunksOf16KiB() {
        byte[] big = new byte[16 * 1024 * 2 + 10];
        Arrays.fill(big, (byte) 'x');
        List<byte[]> lines = CriLogLine.split(T, LogStream.STDERR, big, true);
        assertThat(lines).hasSize(3);
        List<CriLogLine> parsed = lines.stream()
                .map(b -> CriLogLine.parse(new String(b, StandardCharsets.UTF_8)))
                .toList();
        assertThat(parsed).extracting(CriLogLine::partial).containsExactly(true, true, false);
        assertThat(parsed).extracting(l -> l.message().length()).containsExactly(16384, 16384, 10);
        assertThat(parsed)
                .allMatch(l -> l.stream() == LogStream.STDERR && l.time().equals(T));
        assertThat(CriLogLine.join(parsed)).singleElement().satisfies(l -> {
            assertThat(l.partial()).isFalse();
            assertThat(l.message()).isEqualTo(new String(big, StandardCharsets.UTF_8));
        });
    }

    @Test
    void aLineOfExactly16KiBIsOneFullLineAndAnEmptyLineIsToo() {
        byte[] exact = new byte[16 * 1024];
        Arrays.fill(exact, (byte) 'y');
        assertThat(CriLogLine.split(T, LogStream.STDOUT, exact, true)).hasSize(1);
        List<byte[]> empty = CriLogLine.split(T, LogStream.STDOUT, new byte[0], true);
        assertThat(empty)
                .singleElement()
                .satisfies(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).endsWith(" stdout F \n"));
    }

    @Test
    void anUnterminatedLastChunkStaysPartial() {
        List<byte[]> lines = CriLogLine.split(T, LogStream.STDOUT, "abc".getBytes(StandardCharsets.UTF_8), false);
        assertThat(CriLogLine.parse(new String(lines.get(0), StandardCharsets.UTF_8))
                        .partial())
                .isTrue();
    }

    @Test
    void roundTripsThroughParse() {
        CriLogLine line = new CriLogLine(T, LogStream.STDERR, true, "  spaced  out \t tab");
        assertThat(CriLogLine.parse(new String(line.toBytes(), StandardCharsets.UTF_8)))
                .isEqualTo(line);
    }

    @Test
    void joinsPartialsPerStream() {
        List<CriLogLine> lines = List.of(
                new CriLogLine(T, LogStream.STDOUT, true, "a"),
                new CriLogLine(T, LogStream.STDERR, false, "err"),
                new CriLogLine(T, LogStream.STDOUT, false, "b"));
        assertThat(CriLogLine.join(lines)).extracting(CriLogLine::message).containsExactly("err", "ab");
    }

    @Test
    void parsesAnEmptyMessageAndForeignOffsets() {
        CriLogLine line = CriLogLine.parse("2024-03-05T08:08:09.5+01:00 stdout F");
        assertThat(line.message()).isEmpty();
        assertThat(line.time()).isEqualTo(Instant.parse("2024-03-05T07:08:09.5Z"));
    }

    @Test
    void malformedLinesAreInvalidArguments() {
        assertThatThrownBy(() -> CriLogLine.parse("not a log line")).isInstanceOf(JcriException.InvalidArgument.class);
        assertThatThrownBy(() -> CriLogLine.parse("yesterday stdout F hi"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> CriLogLine.parse("2024-03-05T07:08:09Z stdin F hi"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("stdin");
    }
}
