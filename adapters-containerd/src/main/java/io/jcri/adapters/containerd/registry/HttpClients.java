package io.jcri.adapters.containerd.registry;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.threads.NamedThreads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** One HTTP client per TLS setting (system CAs plus {@code ca}, {@code client}, {@code skip_verify}). */
final class HttpClients {
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration connectTimeout;
    private final ExecutorService executor;

    HttpClients(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.executor = Executors.newCachedThreadPool(NamedThreads.daemons("jcri-registry-http"));
    }

    HttpClient client(RegistryHost host) {
        return clients.computeIfAbsent(host.clientKey(), k -> build(host));
    }

    private HttpClient build(RegistryHost host) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .version(host.plainHttp() ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2);
        if (!host.plainHttp()) {
            b.sslContext(ssl(host));
        }
        return b.build();
    }

    private static SSLContext ssl(RegistryHost host) {
        try {
            TrustManager[] trust = host.skipVerify()
                    ? new TrustManager[] {new TrustAll()}
                    : host.caFiles().isEmpty() ? null : trustWith(host.caFiles());
            KeyManagerFactory keys = null;
            if (!host.clientCerts().isEmpty()) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int i = 0;
                for (List<Path> pair : host.clientCerts()) {
                    Path certFile = pair.get(0);
                    Path keyFile = pair.size() > 1
                            ? pair.get(1)
                            : Path.of(certFile.toString().replaceAll("\\.cert$|\\.crt$", ".key"));
                    List<X509Certificate> chain = certificates(certFile);
                    ks.setKeyEntry("client" + i++, privateKey(keyFile), new char[0], chain.toArray(Certificate[]::new));
                }
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(ks, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys == null ? null : keys.getKeyManagers(), trust, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new JcriException.InvalidArgument(
                    "registry host " + host.name() + ": TLS settings (ca/client) cannot be loaded: " + e.getMessage(),
                    e);
        }
    }

    private static TrustManager[] trustWith(List<Path> caFiles) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        int i = 0;
        for (TrustManager tm : system.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    ks.setCertificateEntry("system" + i++, c);
                }
            }
        }
        for (Path ca : caFiles) {
            for (X509Certificate c : certificates(ca)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    private static List<X509Certificate> certificates(Path file) throws GeneralSecurityException, IOException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static PrivateKey privateKey(Path file) throws GeneralSecurityException, IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new GeneralSecurityException(file + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64));
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException(file + ": key algorithm not RSA, EC or Ed25519");
    }

    /** Accepts every certificate and skips the host name check (skip_verify). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
