package io.jcri.ports.out;

import java.nio.channels.SocketChannel;

/** TCP connections into a pod's network namespace, for port forwarding. */
public interface PodPorts {

    /**
     * Connects to {@code port} on the loopback address (127.0.0.1, then ::1) inside the network
     * namespace pinned at {@code netnsPath}, or on the node's own loopback when it is null (a pod
     * on the host network). The channel is in blocking mode; the caller closes it.
     *
     * @throws io.jcri.domain.error.JcriException.Unavailable when nothing accepts the connection
     * @throws io.jcri.domain.error.JcriException.Internal when the namespace cannot be entered
     */
    SocketChannel connect(String netnsPath, int port);
}
