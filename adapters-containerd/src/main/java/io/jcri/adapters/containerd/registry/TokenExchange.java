package io.jcri.adapters.containerd.registry;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.RegistryAuth;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Bearer token exchange with a challenge's realm: the request to send, and the token in its answer. */
final class TokenExchange {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TokenExchange() {}

    /** A token from the token server and how many seconds it lives (at least 60). */
    record Answer(String token, long expiresIn) {}

    /**
     * The token request to {@code realm}: an OAuth2 refresh-token POST with an identity token, else
     * a GET with {@code service} and {@code scope}, authenticated by the user and password if given.
     */
    static HttpRequest request(
            String realm,
            URI realmUri,
            RegistryAuth auth,
            String service,
            String scope,
            Duration timeout,
            String userAgent) {
        if (!auth.identityToken().isEmpty()) {
            String form = "grant_type=refresh_token&client_id=jcri&refresh_token=" + enc(auth.identityToken())
                    + "&service=" + enc(service) + "&scope=" + enc(scope);
            return HttpRequest.newBuilder(realmUri)
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", userAgent)
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
        }
        String q = (realm.contains("?") ? "&" : "?") + "service=" + enc(service) + "&scope=" + enc(scope);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(realm + q))
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .GET();
        if (auth.hasUserPassword()) {
            b.header("Authorization", basic(auth));
        }
        return b.build();
    }

    /** The token in the token server's JSON answer ({@code token}, else {@code access_token}). */
    static Answer answer(byte[] body, String what, String tokenHost) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new JcriException.Internal(what + ": the token server " + tokenHost + " answered with invalid JSON");
        }
        String token = json.path("token").asString("");
        if (token.isEmpty()) {
            token = json.path("access_token").asString("");
        }
        if (token.isEmpty()) {
            throw new JcriException.Internal(what + ": the token server " + tokenHost + " answered without a token");
        }
        return new Answer(token, Math.max(60, json.path("expires_in").asLong(60)));
    }

    /** The Basic authorization header value of the user and password. */
    static String basic(RegistryAuth auth) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
