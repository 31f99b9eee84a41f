package io.jcri.domain.stats;

/**
 * What a container's processes hold, summed over every process of its task (from the node's
 * {@code /proc}).
 *
 * @param processes processes in the task
 * @param threads their threads
 * @param fileDescriptors their open file descriptors, sockets included
 * @param sockets the descriptors that are sockets
 * @param openFilesSoftLimit the soft "max open files" limit of the task's first process, or -1
 *     when unknown or unlimited
 */
public record ProcessTotals(
        long processes, long threads, long fileDescriptors, long sockets, long openFilesSoftLimit) {}
