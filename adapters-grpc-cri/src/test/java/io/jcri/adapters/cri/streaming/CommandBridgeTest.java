package io.jcri.adapters.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.ports.in.Streaming;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounds a session's connection keeps: unread attach output, queued terminal sizes. */
class CommandBridgeTest {
    private static final long LIMIT = 64 * 1024;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final FakeStreaming streaming = new FakeStreaming();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    /** Writes to a client that reads nothing: they are never done. */
    private final List<ByteBuf> stalled = new CopyOnWriteArrayList<>();

    private final List<ChannelPromise> promises = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        stalled.forEach(ByteBuf::release);
        pool.shutdownNow();
        channel.finishAndReleaseAll();
    }

    private CommandBridge bridge(Streaming.Request request) throws InterruptedException {
        CommandBridge bridge = new CommandBridge(channel, streaming, request, pool, LIMIT, new StalledWire());
        bridge.start();
        streaming.started.await();
        eventually(bridge::sessionStarted);
        return bridge;
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void anAttachClientThatReadsNothingLosesItsStreamOnceItsOutputPassesTheBound() throws Exception {
        CommandBridge bridge = bridge(new Streaming.AttachCommand("c1", false, false, true, true));
        byte[] chunk = new byte[32 * 1024];
        for (int i = 0; i < 1024; i++) { // 32 MiB written by the container
            bridge.stdout(chunk, 0, chunk.length);
            bridge.stderr(chunk, 0, chunk.length);
        }
        long held = stalled.stream().mapToLong(ByteBuf::readableBytes).sum();
        assertThat(held).isLessThanOrEqualTo(LIMIT);
        assertThat(bridge.unsent()).isLessThanOrEqualTo(LIMIT);
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        eventually(() -> streaming.cancels.get() >= 1);
    }

    @Test
    void anAttachClientThatKeepsUpKeepsItsStream() throws Exception {
        CommandBridge bridge = bridge(new Streaming.AttachCommand("c1", false, false, true, true));
        byte[] chunk = new byte[32 * 1024];
        for (int i = 0; i < 256; i++) {
            bridge.stdout(chunk, 0, chunk.length);
            promises.forEach(ChannelPromise::setSuccess);
            promises.clear();
        }
        assertThat(bridge.unsent()).isZero();
        assertThat(channel.isOpen()).isTrue();
        assertThat(stalled.stream().mapToLong(ByteBuf::readableBytes).sum()).isEqualTo(256L * chunk.length);
    }

    @Test
    void terminalSizesWaitingBehindABusySessionCollapseIntoTheLatest() throws Exception {
        CommandBridge bridge = bridge(new Streaming.AttachCommand("c1", true, false, true, false));
        CountDownLatch gate = new CountDownLatch(1);
        streaming.resizeGate = gate;
        bridge.resize(1, 1); // taken by the session, which then waits on the gate
        eventually(() -> streaming.resizes.isEmpty() && gate.getCount() == 1);
        Thread.sleep(100);
        for (int i = 2; i <= 100_000; i++) {
            bridge.resize(i, i);
        }
        gate.countDown();
        eventually(() -> streaming.resizes.size() >= 2);
        Thread.sleep(200);
        assertThat(streaming.resizes).hasSizeLessThanOrEqualTo(3);
        int[] last = streaming.resizes.get(streaming.resizes.size() - 1);
        assertThat(last).containsExactly(100_000, 100_000);
    }

    private final class StalledWire implements CommandBridge.Wire {
        @Override
        public ChannelFuture stdout(ByteBuf data) {
            return hold(data);
        }

        @Override
        public ChannelFuture stderr(ByteBuf data) {
            return hold(data);
        }

        private ChannelFuture hold(ByteBuf data) {
            stalled.add(data);
            ChannelPromise p = channel.newPromise();
            promises.add(p);
            return p;
        }

        @Override
        public void finish(Streaming.Outcome outcome) {}
    }
}
