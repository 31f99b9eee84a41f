package io.jcri.domain.image;

/**
 * What images take on the filesystem that holds them (the snapshotter's directory).
 *
 * @param mountpoint the snapshotter's root directory
 * @param usedBytes bytes used by all snapshots
 * @param inodesUsed inodes used by all snapshots
 * @param timestampNanos when it was measured, in nanoseconds since the epoch
 */
public record ImageFsUsage(String mountpoint, long usedBytes, long inodesUsed, long timestampNanos) {}
