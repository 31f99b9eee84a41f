package io.jcri.adapters.containerd.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@code WWW-Authenticate} challenge: its scheme ({@code bearer} or {@code basic}) and parameters. */
record Challenge(String scheme, Map<String, String> params) {
    String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** The first Bearer or Basic challenge among the header values, or null. */
    static Challenge first(List<String> headers) {
        Challenge basic = null;
        for (String h : headers) {
            for (Challenge c : parse(h)) {
                if (c.scheme().equals("bearer")) {
                    return c;
                }
                if (c.scheme().equals("basic") && basic == null) {
                    basic = c;
                }
            }
        }
        return basic;
    }

    static List<Challenge> parse(String header) {
        java.util.ArrayList<Challenge> out = new java.util.ArrayList<>();
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < n && header.charAt(i) != ' ' && header.charAt(i) != '=' && header.charAt(i) != ',') {
                i++;
            }
            String token = header.substring(start, i);
            if (token.isEmpty()) {
                break;
            }
            if (i < n && header.charAt(i) == '=') {
                i++;
                String value;
                if (i < n && header.charAt(i) == '"') {
                    StringBuilder v = new StringBuilder();
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        if (header.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        v.append(header.charAt(i++));
                    }
                    i++;
                    value = v.toString();
                } else {
                    int vs = i;
                    while (i < n && header.charAt(i) != ',') {
                        i++;
                    }
                    value = header.substring(vs, i).trim();
                }
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                if (scheme != null) {
                    out.add(new Challenge(scheme, Map.copyOf(params)));
                }
                scheme = token.toLowerCase(Locale.ROOT);
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            out.add(new Challenge(scheme, Map.copyOf(params)));
        }
        return out;
    }
}
