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

    @Test
    void aLongUnfinishedLineDoesNotKeepItsBufferOnceItIsOut() {
        LineSplitter s = new LineSplitter();
        feed(s, "y".repeat(10_000));
        assertThat(s.kept()).isGreaterThanOrEqualTo(10_000);
        feed(s, "\nshort");
        assertThat(s.kept()).isLessThanOrEqualTo(LineSplitter.KEEP);
        assertThat(lines).containsExactly("F:" + "y".repeat(10_000));
    }

    @Test
    void cutsAsTheBufferingSplitterDidWhateverTheReads() {
        java.util.Random random = new java.util.Random(13);
        for (int round = 0; round < 500; round++) {
            int max = 1 + random.nextInt(12);
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                int r = random.nextInt(10);
                text.append(r == 0 ? '\n' : r == 1 ? '\r' : (char) ('a' + random.nextInt(26)));
            }
            byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            Reference ref = new Reference(max);
            LineSplitter s = new LineSplitter(max);
            int o = 0;
            while (o < b.length) {
                int n = Math.min(b.length - o, 1 + random.nextInt(30));
                ref.feed(b, o, n, expected);
                s.feed(
                        b,
                        o,
                        n,
                        (partial, data, off, len) -> actual.add(
                                (partial ? "P:" : "F:") + new String(data, off, len, StandardCharsets.UTF_8)));
                o += n;
            }
            ref.finish(expected);
            s.finish((partial, data, off, len) ->
                    actual.add((partial ? "P:" : "F:") + new String(data, off, len, StandardCharsets.UTF_8)));
            assertThat(actual).as("max %d, input %s", max, text).isEqualTo(expected);
        }
    }

    /** The splitter as it was: every byte through one growing buffer. */
    private static final class Reference {
        private final int max;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        Reference(int max) {
            this.max = max;
        }

        void feed(byte[] buf, int off, int len, List<String> out) {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (buf[i] == '\n') {
                    pending.write(buf, start, i - start);
                    start = i + 1;
                    byte[] all = pending.toByteArray();
                    pending.reset();
                    int n = all.length;
                    if (n > 0 && all[n - 1] == '\r') {
                        n--;
                    }
                    int o = 0;
                    while (n - o > max) {
                        out.add("P:" + new String(all, o, max, StandardCharsets.UTF_8));
                        o += max;
                    }
                    out.add("F:" + new String(all, o, n - o, StandardCharsets.UTF_8));
                }
            }
            pending.write(buf, start, end - start);
            if (pending.size() > max) {
                byte[] all = pending.toByteArray();
                pending.reset();
                int o = 0;
                while (all.length - o > max) {
                    out.add("P:" + new String(all, o, max, StandardCharsets.UTF_8));
                    o += max;
                }
                pending.write(all, o, all.length - o);
            }
        }

        void finish(List<String> out) {
            if (pending.size() > 0) {
                out.add("P:" + pending.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
