package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link Streaming} whose sessions record what the bridge asked of them. */
final class FakeStreaming implements Streaming {
    final List<int[]> resizes = new CopyOnWriteArrayList<>();
    final AtomicInteger cancels = new AtomicInteger();
    final CountDownLatch started = new CountDownLatch(1);
    /** Held by a resize until counted down, to keep the session busy. */
    volatile CountDownLatch resizeGate = new CountDownLatch(0);

    @Override
    public String exec(ExecCommand command) {
        return "exec-token";
    }

    @Override
    public String attach(AttachCommand command) {
        return "attach-token";
    }

    @Override
    public String portForward(PortForwardCommand command) {
        return "pf-token";
    }

    @Override
    public Optional<Request> redeem(String token) {
        return Optional.empty();
    }

    @Override
    public Session startExec(ExecCommand command, Output output) {
        return session();
    }

    @Override
    public Session startAttach(AttachCommand command, Output output) {
        return session();
    }

    @Override
    public SocketChannel connect(PortForwardCommand command, int port) {
        throw new UnsupportedOperationException("no pods here");
    }

    private Session session() {
        started.countDown();
        return new Session() {
            @Override
            public void stdin(byte[] data, int offset, int length) {}

            @Override
            public void closeStdin() {}

            @Override
            public void resize(int width, int height) {
                try {
                    resizeGate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resizes.add(new int[] {width, height});
            }

            @Override
            public void cancel() {
                cancels.incrementAndGet();
            }
        };
    }
}
