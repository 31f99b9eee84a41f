package io.jcri.adapters.containerd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry over TLS (a certificate the test makes with the JDK's keytool, trusted through
 * {@code skip_verify}) that redirects a manifest request to plain http: the client refuses and
 * never sends the request to the http server.
 */
class HttpsRedirectTest {
    @TempDir
    Path dir;

    HttpsServer tls;
    HttpServer plain;

    @AfterEach
    void stop() {
        if (tls != null) {
            tls.stop(0);
        }
        if (plain != null) {
            plain.stop(0);
        }
    }

    SSLContext selfSigned() throws Exception {
        Path ks = dir.resolve("ks.p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "registry",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Test
    void aRedirectFromTheHttpsRegistryToHttpIsRefusedAndNotFollowed() throws Exception {
        AtomicInteger plainRequests = new AtomicInteger();
        plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/", x -> {
            plainRequests.incrementAndGet();
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        plain.start();
        String http = "http://127.0.0.1:" + plain.getAddress().getPort();
        AtomicInteger tlsRequests = new AtomicInteger();
        tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        tls.createContext("/v2/", x -> {
            tlsRequests.incrementAndGet();
            x.getResponseHeaders().add("Location", http + x.getRequestURI().getPath());
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        tls.start();
        String https = "https://127.0.0.1:" + tls.getAddress().getPort();
        Files.createDirectories(dir.resolve("certs.d/reg.test"));
        Files.writeString(
                dir.resolve("certs.d/reg.test/hosts.toml"), "server = \"" + https + "\"\nskip_verify = true\n");
        HttpImageRegistry registry = new HttpImageRegistry(dir.resolve("certs.d"), Duration.ofSeconds(10));

        assertThatThrownBy(() -> registry.resolve(
                        ImageReference.parse("reg.test/app:1"), RegistryAuth.NONE, new Platform("linux", "amd64", "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("redirected from " + https + "/v2/app/manifests/1 to " + http)
                .hasMessageContaining("a redirect from https to plain http is refused");
        assertThat(tlsRequests.get()).as("the TLS registry was asked").isPositive();
        assertThat(plainRequests.get()).as("nothing was sent over plain http").isZero();
    }
}
