package io.jcri.adapters.containerd.registry;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.RegistryAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends requests to one registry host, answering its authentication challenges: Basic with the
 * pull's user and password, Bearer with a token fetched from the challenge's realm (with the
 * user/password, an identity token as OAuth2 refresh token, or the given registry token).
 * Tokens are cached per host and repository until they expire. Authorization headers are never
 * forwarded to another host on a redirect, and a redirect from https to http is refused.
 */
final class RegistryTransport {
    private static final String USER_AGENT = "jcri";
    private final HttpClients clients;
    private final Duration requestTimeout;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String header, Instant expires) {}

    RegistryTransport(HttpClients clients, Duration requestTimeout) {
        this.clients = clients;
        this.requestTimeout = requestTimeout;
    }

    /**
     * GETs {@code uri} on {@code host} for {@code repository}, with {@code headers}; follows
     * redirects; returns the final response with a streaming body (the caller closes it).
     */
    HttpResponse<InputStream> get(
            RegistryHost host,
            String repository,
            RegistryAuth auth,
            URI uri,
            Map<String, String> headers,
            String what) {
        return get(host, repository, auth, uri, headers, what, requestTimeout);
    }

    /** As above, waiting up to {@code timeout} for the answer's headers. */
    HttpResponse<InputStream> get(
            RegistryHost host,
            String repository,
            RegistryAuth auth,
            URI uri,
            Map<String, String> headers,
            String what,
            Duration timeout) {
        String key = host.name() + "|" + repository + "|" + fingerprint(auth);
        Token token = tokens.get(key);
        String authorization = token != null && token.expires().isAfter(Instant.now()) ? token.header() : null;
        HttpResponse<InputStream> r = send(host, uri, headers, authorization, what, timeout);
        if (r.statusCode() == 401) {
            List<String> challenges = r.headers().allValues("WWW-Authenticate");
            close(r);
            Challenge c = Challenge.first(challenges);
            if (c == null) {
                throw new JcriException.InvalidArgument(
                        what + ": authentication failed: " + host.name() + " answered 401 without a usable challenge");
            }
            Token fresh = authorize(host, repository, auth, c, what);
            tokens.put(key, fresh);
            r = send(host, uri, headers, fresh.header(), what, timeout);
        }
        return r;
    }

    private HttpResponse<InputStream> send(
            RegistryHost host,
            URI uri,
            Map<String, String> headers,
            String authorization,
            String what,
            Duration timeout) {
        URI target = uri;
        for (int hop = 0; hop < 6; hop++) {
            boolean sameHost = target.getAuthority().equals(host.root().getAuthority());
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(target).timeout(timeout).GET();
            b.header("User-Agent", USER_AGENT);
            headers.forEach(b::header);
            if (sameHost) {
                host.headers().forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
            }
            HttpResponse<InputStream> r = exchange(clients.client(host), b.build(), host.name(), what);
            int s = r.statusCode();
            if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
                String location = r.headers().firstValue("Location").orElse(null);
                close(r);
                target = redirect(target, location, host.name(), what);
                continue;
            }
            return r;
        }
        throw new JcriException.Internal(what + ": too many redirects from " + host.name());
    }

    /**
     * Where a redirect from {@code from} to {@code location} goes. A redirect from https to plain
     * http is refused: it would send the request (and what the answer carries) unprotected.
     */
    static URI redirect(URI from, String location, String host, String what) {
        if (location == null || location.isBlank()) {
            throw new JcriException.Internal(what + ": " + host + " redirected without a Location");
        }
        URI to;
        try {
            to = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new JcriException.InvalidArgument(
                    what + ": " + host + " redirected to \"" + location + "\", which is not a URL");
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(to.getScheme())) {
            throw new JcriException.InvalidArgument(what + ": " + host + " redirected from " + from + " to "
                    + to.getScheme() + "://" + to.getAuthority() + to.getRawPath()
                    + "; a redirect from https to plain http is refused");
        }
        return to;
    }

    private static HttpResponse<InputStream> exchange(
            HttpClient client, HttpRequest request, String host, String what) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw RegistryFailures.transport(what, host, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable(what + ": interrupted while talking to " + host, e);
        }
    }

    private Token authorize(RegistryHost host, String repository, RegistryAuth given, Challenge c, String what) {
        RegistryAuth auth = given.resolved();
        if (c.scheme().equals("basic")) {
            if (!auth.hasUserPassword()) {
                throw new JcriException.InvalidArgument(
                        what + ": authentication failed: " + host.name() + " requires credentials and none were given");
            }
            return new Token(TokenExchange.basic(auth), Instant.now().plus(Duration.ofDays(1)));
        }
        if (!auth.registryToken().isEmpty()) {
            return new Token("Bearer " + auth.registryToken(), Instant.now().plus(Duration.ofMinutes(5)));
        }
        return bearer(host, repository, auth, c, what);
    }

    /** A token from the Bearer challenge's realm, with the user and password or the identity token. */
    private Token bearer(RegistryHost host, String repository, RegistryAuth auth, Challenge c, String what) {
        String realm = c.param("realm");
        if (realm.isEmpty()) {
            throw new JcriException.InvalidArgument(
                    what + ": authentication failed: " + host.name() + " sent a Bearer challenge without a realm");
        }
        String scope = c.param("scope").isEmpty() ? "repository:" + repository + ":pull" : c.param("scope");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new JcriException.InvalidArgument(what + ": token realm of " + host.name() + " is not a URL");
        }
        HttpRequest request =
                TokenExchange.request(realm, realmUri, auth, c.param("service"), scope, requestTimeout, USER_AGENT);
        String tokenHost = realmUri.getAuthority() == null ? realm : realmUri.getAuthority();
        HttpClient client = clients.client(tokenHostLike(host, realmUri));
        HttpResponse<InputStream> r = exchange(client, request, tokenHost, what);
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw RegistryFailures.transport(what, tokenHost, e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new JcriException.InvalidArgument(what + ": authentication failed: the token server " + tokenHost
                    + " for " + host.name() + " answered " + r.statusCode()
                    + (auth.isEmpty() ? " (no credentials were given)" : " (the credentials were rejected)"));
        }
        if (r.statusCode() / 100 != 2) {
            throw RegistryFailures.status(
                    what + " (token from " + tokenHost + ")", tokenHost, r.statusCode(), new byte[0]);
        }
        TokenExchange.Answer answer = TokenExchange.answer(body, what, tokenHost);
        return new Token("Bearer " + answer.token(), Instant.now().plusSeconds(answer.expiresIn() - 10));
    }

    /** The TLS settings of the registry host also apply to its token server. */
    private static RegistryHost tokenHostLike(RegistryHost host, URI realm) {
        return new RegistryHost(
                URI.create(realm.getScheme() + "://" + realm.getAuthority()),
                host.capabilities(),
                host.skipVerify(),
                host.caFiles(),
                host.clientCerts(),
                Map.of());
    }

    /** Tokens are shared only between pulls with the same credentials. */
    private static String fingerprint(RegistryAuth auth) {
        String all = String.join(
                "\0", auth.username(), auth.password(), auth.auth(), auth.identityToken(), auth.registryToken());
        return io.jcri.adapters.containerd.oci.OciDocuments.sha256(all.getBytes(StandardCharsets.UTF_8));
    }

    static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException e) {
            // nothing more to read
        }
    }
}
