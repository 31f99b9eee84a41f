package io.jcri.adapters.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The streaming server's own limits: open connections, and the time a request may take to arrive. */
class StreamingServerLimitsTest {
    private StreamingServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        URI base = URI.create(server.baseUrl());
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private void start(int maxConnections, Duration requestTimeout) {
        StreamLimits limits = new StreamLimits(maxConnections, requestTimeout, 1 << 20, 1 << 16, 8);
        server = StreamingServer.start(
                new FakeStreaming(),
                new StreamingServer.Settings("127.0.0.1:0", Duration.ofHours(4), null, null, limits));
    }

    /** Milliseconds until the server closes {@code s} (read returns end of stream). */
    private static long millisUntilClosed(Socket s) throws IOException {
        long t0 = System.nanoTime();
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // the server says nothing to a connection that asked nothing
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a connection that sent no request open for 5 s", e);
        } catch (IOException e) {
            // reset: closed as well
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aConnectionThatSendsNoRequestIsClosedAtTheRequestTimeout() throws Exception {
        start(16, Duration.ofMillis(300));
        try (Socket s = connect()) {
            assertThat(millisUntilClosed(s)).isBetween(150L, 3000L);
        }
    }

    @Test
    void aRequestTrickledInByteByByteIsCutOffAtTheRequestTimeout() throws Exception {
        start(16, Duration.ofMillis(500));
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            boolean cut = false;
            for (byte b : "GET /exec/abc HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    cut = true;
                    break;
                }
                Thread.sleep(100);
            }
            long closedAfter = (System.nanoTime() - t0) / 1_000_000 + (cut ? 0 : millisUntilClosed(s));
            // the 34 bytes take 3.4 s to trickle in; the connection is cut at 0.5 s
            assertThat(closedAfter).isLessThan(2500);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndTheOthersAtTheTimeout() throws Exception {
        start(2, Duration.ofSeconds(2));
        try (Socket a = connect();
                Socket b = connect()) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (server.connections() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.connections()).isEqualTo(2);
            try (Socket c = connect()) {
                assertThat(millisUntilClosed(c)).isLessThan(1000);
            }
            assertThat(millisUntilClosed(a)).isGreaterThan(500);
            millisUntilClosed(b);
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (server.connections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connections()).isZero();
    }
}
