package io.jcri.ports.out;

import io.jcri.domain.network.NetworkStatus;

/** Pod networking: whether a network is configured, and (later) setting pods up on it. */
public interface PodNetwork {

    /** The network configuration in use now, or why there is none. */
    NetworkStatus networkStatus();
}
