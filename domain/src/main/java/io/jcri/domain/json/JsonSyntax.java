package io.jcri.domain.json;

/** Checks that a text is exactly one well-formed JSON value (RFC 8259), without building it. */
final class JsonSyntax {
    private final String s;
    private int pos;

    private JsonSyntax(String s) {
        this.s = s;
    }

    static void requireSingleValue(String text) {
        JsonSyntax p = new JsonSyntax(text);
        p.space();
        p.value(0);
        p.space();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
    }

    private void value(int depth) {
        if (depth > 512) {
            throw error("nested too deeply");
        }
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) {
        pos++;
        space();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            string();
            space();
            expect(':');
            space();
            value(depth + 1);
            space();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void array(int depth) {
        pos++;
        space();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            space();
            value(depth + 1);
            space();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private void string() {
        pos++;
        while (true) {
            char c = next();
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c == '\\') {
                char e = next();
                if (e == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(next(), 16) < 0) {
                            throw error("bad \\u escape");
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw error("bad escape");
                }
            }
        }
    }

    private void number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (peek() == '.') {
            pos++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
        }
        if (pos == start) {
            throw error("unexpected character");
        }
    }

    private void digits() {
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a digit");
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected character");
        }
        pos += word.length();
    }

    private void space() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not valid JSON: " + what + " at offset " + pos);
    }
}
