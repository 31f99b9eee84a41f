package io.jcri.adapters.containerd.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the subset of TOML that containerd's {@code hosts.toml} uses: comments, {@code [table]}
 * headers with dotted and quoted keys, and {@code key = value} with strings, booleans, integers
 * and (nested, multi-line) arrays. Tables become nested {@code Map}s in file order.
 */
final class HostsToml {
    private final String text;
    private final String source;
    private int pos;
    private int line = 1;

    private HostsToml(String text, String source) {
        this.text = text;
        this.source = source;
    }

    static Map<String, Object> parse(String text, String source) {
        return new HostsToml(text, source).document();
    }

    private Map<String, Object> document() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> current = root;
        while (true) {
            skipBlank(true);
            if (pos >= text.length()) {
                return root;
            }
            char c = text.charAt(pos);
            if (c == '[') {
                pos++;
                if (peek() == '[') {
                    throw error("arrays of tables are not supported");
                }
                List<String> keys = keyPath();
                skipBlank(false);
                expect(']');
                current = root;
                for (String k : keys) {
                    current = table(current, k);
                }
            } else {
                List<String> keys = keyPath();
                skipBlank(false);
                expect('=');
                skipBlank(false);
                Object value = value();
                Map<String, Object> target = current;
                for (int i = 0; i < keys.size() - 1; i++) {
                    target = table(target, keys.get(i));
                }
                target.put(keys.get(keys.size() - 1), value);
            }
            skipBlank(false);
            if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                throw error("unexpected '" + text.charAt(pos) + "' after a value");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> table(Map<String, Object> parent, String key) {
        Object existing = parent.get(key);
        if (existing == null) {
            Map<String, Object> t = new LinkedHashMap<>();
            parent.put(key, t);
            return t;
        }
        if (existing instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw error("key '" + key + "' is both a value and a table");
    }

    private List<String> keyPath() {
        List<String> keys = new ArrayList<>();
        while (true) {
            skipBlank(false);
            char c = peek();
            if (c == '"' || c == '\'') {
                keys.add(string());
            } else {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a key");
                }
                keys.add(text.substring(start, pos));
            }
            skipBlank(false);
            if (peek() == '.') {
                pos++;
            } else {
                return keys;
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"' || c == '\'') {
            return string();
        }
        if (c == '[') {
            pos++;
            List<Object> list = new ArrayList<>();
            while (true) {
                skipBlank(true);
                if (peek() == ']') {
                    pos++;
                    return list;
                }
                list.add(value());
                skipBlank(true);
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ']') {
                    throw error("expected ',' or ']' in an array");
                }
            }
        }
        if (text.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        int start = pos;
        while (pos < text.length() && (Character.isDigit(peek()) || peek() == '-' || peek() == '+' || peek() == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a value");
        }
        try {
            return Long.parseLong(text.substring(start, pos).replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("'" + text.substring(start, pos) + "' is not a number");
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length() || peek() == '\n') {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && quote == '"') {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            } else {
                out.append(c);
            }
        }
    }

    private void skipBlank(boolean newlines) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (newlines && (c == '\n' || c == '\r')) {
                if (c == '\n') {
                    line++;
                }
                pos++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(source + " line " + line + ": " + what);
    }
}
