package io.jcri.adapters.containerd.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter.Sink sink = (partial, data, off, len) ->
            lines.add((partial ? "P:" : "F:") + new String(data, off, len, StandardCharsets.UTF_8));

    private void feed(LineSplitter s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length, sink);
    }

    @Test
    void fullLinesAcrossReads() {
        LineSplitter s = new LineSplitter(8);
        feed(s, "ab");
        feed(s, "c\nde\r\n\nf");
        s.finish(sink);
        assertThat(lines).containsExactly("F:abc", "F:de", "F:", "P:f");
    }

    @Test
    void longLinesAreCutIntoPartialChunks() {
        LineSplitter s = new LineSplitter(4);
        feed(s, "0123456789\n");
        feed(s, "abcd");
        feed(s, "\n");
        feed(s, "ABCDE");
        feed(s, "FGHIJ\n");
        assertThat(lines).containsExactly("P:0123", "P:4567", "F:89", "F:abcd", "P:ABCD", "P:EFGH", "F:IJ");
    }

    @Test
    void defaultCapIs16KiB() {
        LineSplitter s = new LineSplitter();
        feed(s, "x".repeat(16 * 1024 * 2 + 5) + "\n");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("P:").hasSize(2 + 16 * 1024);
        assertThat(lines.get(1)).startsWith("P:").hasSize(2 + 16 * 1024);
        assertThat(lines.get(2)).isEqualTo("F:xxxxx");
    }
}
