package io.jcri.domain.security;

import java.util.List;

/** The identity a container process runs as: uid, primary gid and additional gids. */
public record ResolvedUser(long uid, long gid, List<Long> additionalGids) {
    public ResolvedUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
