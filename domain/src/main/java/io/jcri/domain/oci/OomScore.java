package io.jcri.domain.oci;

import io.jcri.domain.error.JcriException;

/**
 * The {@code oom_score_adj} a process gets: what was asked, but never below jcri's own value,
 * since a process without {@code CAP_SYS_RESOURCE} may raise its score but not lower it.
 */
public final class OomScore {
    private OomScore() {}

    /** What the kubelet and runtimes give pause processes: almost never killed. */
    public static final int SANDBOX = -998;

    public static int clamp(long wanted, int current) {
        if (wanted < -1000 || wanted > 1000) {
            throw new JcriException.InvalidArgument("oom_score_adj " + wanted + " is outside -1000..1000");
        }
        return (int) Math.max(wanted, current);
    }
}
