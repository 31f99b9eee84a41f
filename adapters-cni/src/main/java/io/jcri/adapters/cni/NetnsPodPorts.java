package io.jcri.adapters.cni;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.PodPorts;
import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link PodPorts} by entering the pod's network namespace: a thread made for one connection
 * joins the namespace ({@code setns}), opens and connects the socket there, and ends. A socket
 * stays in the namespace it was created in, so the channel is used from any thread afterwards,
 * and no thread of a pool ever runs in a pod's namespace.
 */
public final class NetnsPodPorts implements PodPorts {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public SocketChannel connect(String netnsPath, int port) {
        if (port < 1 || port > 65535) {
            throw new JcriException.InvalidArgument("port " + port + " is not in 1..65535");
        }
        if (netnsPath == null) {
            return dial(port, "the node");
        }
        AtomicReference<SocketChannel> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread dialer = NamedThreads.daemon("jcri-portforward-" + port, () -> {
            try {
                enter(netnsPath);
                result.set(dial(port, "network namespace " + netnsPath));
            } catch (RuntimeException e) {
                failure.set(e);
            }
            // This thread may now be in the pod's namespace: it ends here, never reused.
        });
        dialer.start();
        boolean interrupted = false;
        while (true) {
            try {
                dialer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static void enter(String netnsPath) {
        LibC libc = LibC.get();
        int fd;
        try {
            fd = libc.open(netnsPath, LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (com.sun.jna.LastErrorException e) {
            throw new JcriException.NotFound("network namespace " + netnsPath + " cannot be opened: " + e.getMessage());
        }
        try {
            libc.setns(fd, LibC.CLONE_NEWNET);
        } catch (com.sun.jna.LastErrorException e) {
            throw new JcriException.Internal("cannot enter network namespace " + netnsPath + ": " + e.getMessage(), e);
        } finally {
            libc.close(fd);
        }
    }

    /** Connects to 127.0.0.1, then ::1, in the current thread's namespace. */
    private static SocketChannel dial(int port, String where) {
        IOException last = null;
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.socket().connect(new InetSocketAddress(InetAddress.getByName(host), port), (int)
                        CONNECT_TIMEOUT.toMillis());
                return ch;
            } catch (IOException e) {
                if (last == null) {
                    last = e;
                }
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // the connection failed already
                    }
                }
            }
        }
        throw new JcriException.Unavailable("cannot connect to port " + port + " on the loopback of " + where + ": "
                + (last == null ? "no address" : last.getMessage()));
    }
}
