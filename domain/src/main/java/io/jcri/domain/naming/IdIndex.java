package io.jcri.domain.naming;

import io.jcri.domain.error.JcriException;
import java.util.Collection;
import java.util.List;

/** Resolves a full id or a unique id prefix among known ids, as CRI clients may pass either. */
public final class IdIndex {
    private IdIndex() {}

    /**
     * The one id equal to {@code idOrPrefix} or starting with it.
     *
     * @throws JcriException.NotFound when none matches
     * @throws JcriException.InvalidArgument when the prefix matches several ids
     */
    public static String resolve(String kind, String idOrPrefix, Collection<String> ids) {
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw new JcriException.InvalidArgument(kind + " id must not be empty");
        }
        if (ids.contains(idOrPrefix)) {
            return idOrPrefix;
        }
        List<String> matches =
                ids.stream().filter(id -> id.startsWith(idOrPrefix)).limit(2).toList();
        if (matches.isEmpty()) {
            throw new JcriException.NotFound(named(kind, idOrPrefix) + " not found");
        }
        if (matches.size() > 1) {
            throw new JcriException.InvalidArgument(
                    kind + " id prefix \"" + idOrPrefix + "\" is ambiguous: it matches several " + kind + "s");
        }
        return matches.get(0);
    }

    /**
     * How a message names the object {@code id} asks for: {@code container "abc"}. An id that is
     * blank or holds control characters shows nothing a reader can see, so the field is named
     * ({@code container id}) and the control characters escaped: {@code container id "\t\n"}.
     */
    public static String named(String kind, String id) {
        if (!id.isBlank() && id.codePoints().noneMatch(IdIndex::invisible)) {
            return kind + " \"" + id + "\"";
        }
        StringBuilder b = new StringBuilder(kind).append(" id \"");
        id.codePoints().forEach(cp -> {
            switch (cp) {
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (invisible(cp)) {
                        b.append(String.format("\\u%04x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    private static boolean invisible(int cp) {
        return Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT;
    }
}
