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
}
