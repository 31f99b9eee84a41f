package io.jcri.ports.out;

import io.jcri.domain.stats.InterfaceCounters;
import java.util.List;

/** The counters of the network interfaces a process sees (its network namespace's). */
public interface NetworkCounters {

    /** Every interface but loopback in the netns of process {@code pid}; empty when unreadable. */
    List<InterfaceCounters> interfaces(int pid);
}
