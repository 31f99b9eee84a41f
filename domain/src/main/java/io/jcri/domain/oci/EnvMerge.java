package io.jcri.domain.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a process environment from layers of {@code KEY=value} entries: a later layer replaces a
 * key in place (keeping its first position) or appends it. An entry without {@code =} is a key
 * with no value, kept as written.
 */
public final class EnvMerge {
    private EnvMerge() {}

    @SafeVarargs
    public static List<String> merge(List<String>... layers) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (List<String> layer : layers) {
            for (String entry : layer) {
                int eq = entry.indexOf('=');
                String key = eq < 0 ? entry : entry.substring(0, eq);
                if (!key.isEmpty()) {
                    byKey.put(key, entry);
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }
}
