package io.jcri.adapters.containerd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.RegistryAuth;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenExchangeTest {
    private static final String REALM = "https://auth.example.com/token";
    private static final Duration TIMEOUT = Duration.ofSeconds(7);

    @Test
    void withoutAnIdentityTokenItGetsTheRealmWithServiceAndScopeAndBasicCredentials() {
        HttpRequest r = TokenExchange.request(
                REALM,
                URI.create(REALM),
                RegistryAuth.basic("me", "secret"),
                "registry.example.com",
                "repository:a/b:pull",
                TIMEOUT,
                "jcri");

        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.uri()).hasToString(REALM + "?service=registry.example.com&scope=repository%3Aa%2Fb%3Apull");
        assertThat(r.headers().firstValue("Authorization")).hasValue("Basic bWU6c2VjcmV0");
        assertThat(r.headers().firstValue("User-Agent")).hasValue("jcri");
        assertThat(r.timeout()).hasValue(TIMEOUT);
    }

    @Test
    void aRealmWithAQueryGetsTheParametersAppendedAndNoCredentialsWithoutAuth() {
        HttpRequest r = TokenExchange.request(
                REALM + "?x=1", URI.create(REALM + "?x=1"), RegistryAuth.NONE, "s", "sc", TIMEOUT, "jcri");

        assertThat(r.uri()).hasToString(REALM + "?x=1&service=s&scope=sc");
        assertThat(r.headers().firstValue("Authorization")).isEmpty();
    }

    @Test
    void anIdentityTokenIsPostedAsAnOAuth2RefreshToken() throws Exception {
        RegistryAuth auth = new RegistryAuth("", "", "", "id&token", "");
        HttpRequest r =
                TokenExchange.request(REALM, URI.create(REALM), auth, "s", "repository:a:pull", TIMEOUT, "jcri");

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri()).hasToString(REALM);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-www-form-urlencoded");
        assertThat(r.headers().firstValue("Authorization")).isEmpty();
        assertThat(body(r))
                .isEqualTo("grant_type=refresh_token&client_id=jcri&refresh_token=id%26token&service=s"
                        + "&scope=repository%3Aa%3Apull");
    }

    @Test
    void theAnswerGivesTokenElseAccessTokenAndLivesAtLeastAMinute() {
        assertThat(answer("{\"token\":\"t\",\"access_token\":\"a\",\"expires_in\":300}"))
                .isEqualTo(new TokenExchange.Answer("t", 300));
        assertThat(answer("{\"access_token\":\"a\",\"expires_in\":5}")).isEqualTo(new TokenExchange.Answer("a", 60));
        assertThat(answer("{\"token\":\"t\"}")).isEqualTo(new TokenExchange.Answer("t", 60));
    }

    @Test
    void anAnswerWithoutATokenOrNotJsonIsAnInternalError() {
        assertThatThrownBy(() -> answer("{\"expires_in\":300}"))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessage("pull x: the token server auth.example.com answered without a token");
        assertThatThrownBy(() -> answer("<html>"))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessage("pull x: the token server auth.example.com answered with invalid JSON");
    }

    private static TokenExchange.Answer answer(String json) {
        return TokenExchange.answer(json.getBytes(StandardCharsets.UTF_8), "pull x", "auth.example.com");
    }

    private static String body(HttpRequest r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<String> done = new CompletableFuture<>();
        r.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(out.toString(StandardCharsets.UTF_8));
            }
        });
        return done.get(5, TimeUnit.SECONDS);
    }
}
