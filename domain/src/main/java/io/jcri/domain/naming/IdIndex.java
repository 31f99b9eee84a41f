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
            throw new JcriException.NotFound(kind + " \"" + idOrPrefix + "\" not found");
        }
        if (matches.size() > 1) {
            throw new JcriException.InvalidArgument(
                    kind + " id prefix \"" + idOrPrefix + "\" is ambiguous: it matches several " + kind + "s");
        }
        return matches.get(0);
    }
}
