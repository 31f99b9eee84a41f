package io.jcri.adapters.cri.streaming;

import io.jcri.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resize stream: a sequence of JSON objects {@code {"Width":80,"Height":24}} (names matched
 * without regard to case), split across frames at any byte.
 */
final class TerminalSizes {
    record Size(int width, int height) {}

    private final StringBuilder pending = new StringBuilder();

    /** Feeds bytes; returns the sizes completed by them. Garbage between objects is skipped. */
    List<Size> feed(byte[] data) {
        pending.append(new String(data, StandardCharsets.UTF_8));
        List<Size> out = new ArrayList<>();
        while (true) {
            int start = pending.indexOf("{");
            if (start < 0) {
                pending.setLength(0);
                return out;
            }
            int end = pending.indexOf("}", start);
            if (end < 0) {
                pending.delete(0, start);
                if (pending.length() > 4096) {
                    pending.setLength(0);
                }
                return out;
            }
            String object = pending.substring(start, end + 1);
            pending.delete(0, end + 1);
            parse(object, out);
        }
    }

    private static void parse(String object, List<Size> out) {
        Object parsed;
        try {
            parsed = Json.parse(object);
        } catch (RuntimeException e) {
            return;
        }
        if (parsed instanceof Map<?, ?> m) {
            int w = -1;
            int h = -1;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof Number n) {
                    if ("width".equalsIgnoreCase(String.valueOf(e.getKey()))) {
                        w = n.intValue();
                    } else if ("height".equalsIgnoreCase(String.valueOf(e.getKey()))) {
                        h = n.intValue();
                    }
                }
            }
            if (w > 0 && h > 0 && w <= 0xFFFF && h <= 0xFFFF) {
                out.add(new Size(w, h));
            }
        }
    }
}
