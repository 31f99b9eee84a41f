package io.jcri.domain.container;

import java.util.List;

/**
 * Who a container's process runs as, once resolved (the CRI's run-as settings or the image's
 * USER, looked up in the image's /etc/passwd and /etc/group): uid, primary gid and the
 * supplementary groups.
 */
public record ProcessUser(long uid, long gid, List<Long> supplementalGroups) {
    public static final ProcessUser ROOT = new ProcessUser(0, 0, List.of());

    public ProcessUser {
        supplementalGroups = List.copyOf(supplementalGroups == null ? List.of() : supplementalGroups);
    }
}
