package io.jcri.adapters.containerd.nri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two multiplexers joined back to back, as a runtime and a plugin on one socket. */
class TtrpcChannelTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private NriMux runtime;
    private NriMux plugin;

    @AfterEach
    void stop() {
        runtime.close();
        plugin.close();
        pool.shutdownNow();
    }

    private void join() throws IOException {
        PipedInputStream toRuntime = new PipedInputStream(1 << 16);
        PipedInputStream toPlugin = new PipedInputStream(1 << 16);
        PipedOutputStream runtimeOut = new PipedOutputStream(toPlugin);
        PipedOutputStream pluginOut = new PipedOutputStream(toRuntime);
        runtime = new NriMux(toRuntime, runtimeOut, () -> runtimeOut.close(), "runtime");
        plugin = new NriMux(toPlugin, pluginOut, () -> pluginOut.close(), "plugin");
    }

    @Test
    void callsGoBothWaysOnTheirOwnConnections() throws Exception {
        join();
        TtrpcChannel pluginServes = new TtrpcChannel(
                plugin.open(NriMux.PLUGIN_SERVICE_CONN),
                (s, m, p) -> (s + "/" + m + ":" + new String(p)).getBytes(),
                pool,
                null);
        TtrpcChannel runtimeServes = new TtrpcChannel(
                runtime.open(NriMux.RUNTIME_SERVICE_CONN), (s, m, p) -> ("runtime " + m).getBytes(), pool, null);
        TtrpcChannel runtimeCalls = new TtrpcChannel(runtime.open(NriMux.PLUGIN_SERVICE_CONN), null, pool, null);
        TtrpcChannel pluginCalls = new TtrpcChannel(plugin.open(NriMux.RUNTIME_SERVICE_CONN), null, pool, null);
        for (TtrpcChannel c : new TtrpcChannel[] {pluginServes, runtimeServes, runtimeCalls, pluginCalls}) {
            c.start();
        }
        runtime.start();
        plugin.start();
        assertThat(new String(runtimeCalls.call("svc.Plugin", "Configure", "x".getBytes(), Duration.ofSeconds(5))))
                .isEqualTo("svc.Plugin/Configure:x");
        assertThat(new String(pluginCalls.call("svc.Runtime", "RegisterPlugin", new byte[0], Duration.ofSeconds(5))))
                .isEqualTo("runtime RegisterPlugin");
    }

    @Test
    void anErrorStatusComesBackAsItsCodeAndMessage() throws Exception {
        join();
        new TtrpcChannel(
                        plugin.open(1),
                        (s, m, p) -> {
                            throw new TtrpcException(9, "plugin says no");
                        },
                        pool,
                        null)
                .start();
        TtrpcChannel calls = new TtrpcChannel(runtime.open(1), null, pool, null);
        calls.start();
        runtime.start();
        plugin.start();
        assertThatThrownBy(() -> calls.call("s", "CreateContainer", new byte[0], Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(TtrpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(9);
                    assertThat(e.getMessage()).isEqualTo("plugin says no");
                });
    }

    @Test
    void aCallWithoutAnAnswerTimesOutAndClosingFailsItAndTellsTheOwner() throws Exception {
        join();
        CountDownLatch release = new CountDownLatch(1);
        new TtrpcChannel(
                        plugin.open(1),
                        (s, m, p) -> {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return new byte[0];
                        },
                        pool,
                        null)
                .start();
        AtomicInteger closed = new AtomicInteger();
        TtrpcChannel calls = new TtrpcChannel(runtime.open(1), null, pool, closed::incrementAndGet);
        calls.start();
        runtime.start();
        plugin.start();
        assertThatThrownBy(() -> calls.call("s", "Synchronize", new byte[0], Duration.ofMillis(200)))
                .isInstanceOfSatisfying(
                        TtrpcException.class, e -> assertThat(e.code()).isEqualTo(TtrpcException.DEADLINE_EXCEEDED));
        plugin.close();
        release.countDown();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (closed.get() == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(closed.get()).isEqualTo(1);
        assertThatThrownBy(() -> calls.call("s", "Synchronize", new byte[0], Duration.ofMillis(200)))
                .isInstanceOfSatisfying(
                        TtrpcException.class, e -> assertThat(e.code()).isEqualTo(TtrpcException.UNAVAILABLE));
    }

    @Test
    void concurrentCallsReachTheServerWithStrictlyIncreasingStreamIds() throws Exception {
        join();
        java.util.List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        MuxConnection server = plugin.open(1);
        Thread fakeServer = new Thread(() -> {
            try {
                while (true) {
                    TtrpcFrame f = TtrpcFrame.read(server.input());
                    seen.add(f.streamId());
                    byte[] r = io.jcri.ttrpc.api.Response.getDefaultInstance().toByteArray();
                    server.output().write(new TtrpcFrame(f.streamId(), TtrpcFrame.RESPONSE, (byte) 0, r).encode());
                }
            } catch (IOException e) {
                // the test closed the multiplexer
            }
        });
        fakeServer.setDaemon(true);
        fakeServer.start();
        TtrpcChannel calls = new TtrpcChannel(runtime.open(1), null, pool, null);
        calls.start();
        runtime.start();
        plugin.start();
        java.util.List<java.util.concurrent.Future<byte[]>> done = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            done.add(pool.submit(() -> calls.call("s", "StartContainer", new byte[0], Duration.ofSeconds(10))));
        }
        for (java.util.concurrent.Future<byte[]> f : done) {
            f.get();
        }
        assertThat(seen).hasSize(64);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("stream id after %d", seen.get(i - 1)).isEqualTo(seen.get(i - 1) + 2);
        }
        assertThat(seen.get(0)).isEqualTo(1);
    }
}
