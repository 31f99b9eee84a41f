package io.jcri.adapters.containerd.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.task.StdStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriLogFormatTest {

    @Test
    void timestampsTrimTrailingZerosOfTheFraction() {
        assertThat(CriLogFormat.timestamp(Instant.parse("2026-01-02T03:04:05.123456789Z")))
                .isEqualTo("2026-01-02T03:04:05.123456789Z");
        assertThat(CriLogFormat.timestamp(Instant.parse("2026-01-02T03:04:05.120Z")))
                .isEqualTo("2026-01-02T03:04:05.12Z");
        assertThat(CriLogFormat.timestamp(Instant.parse("2026-01-02T03:04:05.000001Z")))
                .isEqualTo("2026-01-02T03:04:05.000001Z");
        assertThat(CriLogFormat.timestamp(Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void lineHasTimestampStreamTagAndMessage() {
        byte[] msg = "xhello".getBytes(StandardCharsets.UTF_8);
        String full = new String(
                CriLogFormat.line(Instant.parse("2026-01-02T03:04:05.5Z"), StdStream.STDERR, false, msg, 1, 5),
                StandardCharsets.UTF_8);
        String partial = new String(
                CriLogFormat.line(Instant.parse("2026-01-02T03:04:05Z"), StdStream.STDOUT, true, msg, 1, 2),
                StandardCharsets.UTF_8);
        assertThat(full).isEqualTo("2026-01-02T03:04:05.5Z stderr F hello\n");
        assertThat(partial).isEqualTo("2026-01-02T03:04:05Z stdout P he\n");
    }

    @Test
    void appendedLinesCarryTheSameTimestampAsTimestampWrites() {
        java.util.Random random = new java.util.Random(7);
        LogBatch out = new LogBatch(16);
        byte[] msg = "m".getBytes(StandardCharsets.UTF_8);
        long base = Instant.parse("2026-01-02T03:04:05Z").getEpochSecond();
        for (int i = 0; i < 2000; i++) {
            // runs within one second (the cached text) and jumps to others
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(base + random.nextInt(3) * random.nextInt(100_000), nanos);
            out.clear();
            CriLogFormat.append(out, t, StdStream.STDOUT, i % 2 == 0, msg, 0, 1);
            assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
                    .isEqualTo(CriLogFormat.timestamp(t) + " stdout " + (i % 2 == 0 ? "P" : "F") + " m\n");
        }
    }
}
