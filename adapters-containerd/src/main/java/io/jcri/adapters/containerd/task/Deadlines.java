package io.jcri.adapters.containerd.task;

/** How long jcri waits for containerd's calls. */
final class Deadlines {
    private Deadlines() {}

    /** Metadata calls (records, snapshots, leases, kill, state). */
    static final long SHORT_MS = 30_000;

    /** Calls that start or stop a shim or runc (task create/start/delete, exec). */
    static final long LONG_MS = 120_000;
}
