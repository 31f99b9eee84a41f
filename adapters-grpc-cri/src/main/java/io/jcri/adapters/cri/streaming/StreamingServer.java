package io.jcri.adapters.cri.streaming;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.threads.NamedThreads;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's streaming server: the URLs that Exec, Attach and PortForward answer with point
 * here, and the kubelet (or crictl) upgrades a connection on them to SPDY/3.1 or WebSocket. Its
 * own event loop (two threads) does the I/O; blocking calls (starting a session, stdin writes,
 * entering a pod's network namespace) run on a pool of daemon threads that grows with the open
 * sessions and shrinks when they end. Its {@link StreamLimits} bound what clients can make it hold:
 * connections beyond {@code maxConnections} are closed as they arrive, and a connection that has
 * not sent its HTTP request within {@code requestTimeout} is closed.
 */
public final class StreamingServer implements AutoCloseable, StreamingUrls {
    private static final Logger log = LoggerFactory.getLogger(StreamingServer.class);

    /**
     * @param address {@code host:port} to listen on (port 0: any free port)
     * @param idleTimeout a connection with no traffic either way for this long is closed
     * @param tlsCertificate PEM certificate chain for HTTPS, or null for plain HTTP
     * @param tlsKey PEM PKCS#8 private key of the certificate, or null
     * @param limits what the clients may cost
     */
    public record Settings(
            String address, Duration idleTimeout, Path tlsCertificate, Path tlsKey, StreamLimits limits) {
        public Settings(String address, Duration idleTimeout, Path tlsCertificate, Path tlsKey) {
            this(address, idleTimeout, tlsCertificate, tlsKey, StreamLimits.DEFAULTS);
        }

        public Settings {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(limits, "limits");
            if ((tlsCertificate == null) != (tlsKey == null)) {
                throw new JcriException.InvalidArgument("streaming TLS needs both a certificate and a key, or neither");
            }
        }
    }

    private final Streaming streaming;
    private final EventLoopGroup group;
    private final ExecutorService pool;
    private final Channel server;
    private final String baseUrl;
    private final AtomicInteger connections = new AtomicInteger();

    private StreamingServer(Streaming streaming, Settings settings) {
        this.streaming = streaming;
        InetSocketAddress bind = parse(settings.address());
        SslContext tls = tls(settings);
        this.pool = Executors.newCachedThreadPool(NamedThreads.daemons("jcri-streaming"));
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        long idleMillis = settings.idleTimeout().toMillis();
        StreamLimits limits = settings.limits();
        try {
            this.server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!admit(ch, limits.maxConnections())) {
                                return;
                            }
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(RequestDeadline.NAME, new RequestDeadline(limits.requestTimeout()));
                            if (tls != null) {
                                p.addLast("tls", tls.newHandler(ch.alloc()));
                            }
                            p.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                            p.addLast("http", new HttpServerCodec());
                            p.addLast("aggregator", new HttpObjectAggregator(64 * 1024));
                            p.addLast("upgrade", new UpgradeHandler(streaming, pool, limits));
                        }
                    })
                    .bind(bind)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            pool.shutdownNow();
            throw new JcriException.Unavailable(
                    "cannot listen for streaming on " + settings.address() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        this.baseUrl = (tls != null ? "https://" : "http://") + hostForUrl(bound) + ":" + bound.getPort();
        log.debug("streaming server on {}", baseUrl);
    }

    /** Counts {@code ch} among the open connections, or closes it when there are {@code max} already. */
    private boolean admit(SocketChannel ch, int max) {
        if (connections.incrementAndGet() > max) {
            connections.decrementAndGet();
            log.debug("streaming connection from {} refused: {} open already", ch.remoteAddress(), max);
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        return true;
    }

    /** Connections open now. */
    public int connections() {
        return connections.get();
    }

    /** Listens on the settings' address and serves the requests {@code streaming} hands out. */
    public static StreamingServer start(Streaming streaming, Settings settings) {
        return new StreamingServer(streaming, settings);
    }

    /** {@code http(s)://host:port}, the address actually bound. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Exec: the URL for the client, after the request passed the checks. */
    @Override
    public String execUrl(Streaming.ExecCommand command) {
        return baseUrl + "/exec/" + streaming.exec(command);
    }

    @Override
    public String attachUrl(Streaming.AttachCommand command) {
        return baseUrl + "/attach/" + streaming.attach(command);
    }

    @Override
    public String portForwardUrl(Streaming.PortForwardCommand command) {
        return baseUrl + "/portforward/" + streaming.portForward(command);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        pool.shutdown();
    }

    static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new JcriException.InvalidArgument("streaming address \"" + address + "\" is not host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new JcriException.InvalidArgument("streaming address \"" + address + "\" has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new JcriException.InvalidArgument("streaming address \"" + address + "\": port out of range");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    private static String hostForUrl(InetSocketAddress bound) {
        InetAddress a = bound.getAddress();
        if (a.isAnyLocalAddress()) {
            try {
                a = InetAddress.getLocalHost();
            } catch (UnknownHostException e) {
                a = InetAddress.getLoopbackAddress();
            }
        }
        String host = a.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static SslContext tls(Settings settings) {
        if (settings.tlsCertificate() == null) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(
                            settings.tlsCertificate().toFile(),
                            settings.tlsKey().toFile())
                    .build();
        } catch (Exception e) {
            throw new JcriException.InvalidArgument(
                    "streaming TLS certificate " + settings.tlsCertificate() + " or key " + settings.tlsKey()
                            + " unusable: " + e.getMessage(),
                    e);
        }
    }
}
