package io.jcri.adapters.containerd.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long jcri waits for each kind of containerd call; every unary call has one of these as its
 * deadline. A call in a CRI handler also ends when the CRI caller's deadline does, unless it is
 * detached (see {@link ContainerdClient}).
 *
 * @param probe quick questions asked by health checks and the event subscriber's probe (Version,
 *     Introspection.Plugins for the CRI plugin, Events.Publish)
 * @param metadata records and reads: containers, snapshots, leases, images, content info and
 *     documents, Tasks.Get/Kill/List/Metrics
 * @param process calls that start or stop a shim or runc: Tasks.Create/Start/Delete/Exec
 * @param transfer calls that move layers: Diff.Apply and one Content.Write stream
 */
public record CallDeadlines(Duration probe, Duration metadata, Duration process, Duration transfer) {
    public CallDeadlines {
        positive(probe, "probe");
        positive(metadata, "metadata");
        positive(process, "process");
        positive(transfer, "transfer");
    }

    /** 5 s, 30 s, 2 min, 30 min. */
    public static CallDeadlines defaults() {
        return new CallDeadlines(
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(30));
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("containerd " + name + " call deadline must be positive, not " + d);
        }
    }
}
