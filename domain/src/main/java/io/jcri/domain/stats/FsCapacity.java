package io.jcri.domain.stats;

/** The size of a filesystem (the one holding the writable layers) and its inodes, total and free. */
public record FsCapacity(long capacityBytes, long inodesTotal, long inodesFree) {}
