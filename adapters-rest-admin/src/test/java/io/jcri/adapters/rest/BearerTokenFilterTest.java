package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class BearerTokenFilterTest {
    static final String TOKEN = "s3cret-token";

    /** The filter's answer, or 200 when it passed the request on down the chain. */
    static MockServerHttpResponse get(AdminApiSettings settings, String path, String authorization, String param) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.get(param == null ? path : path + "?access_token={t}", param);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        boolean[] passed = {false};
        new BearerTokenFilter(settings)
                .filter(exchange, e -> {
                    passed[0] = true;
                    return Mono.empty();
                })
                .block(Duration.ofSeconds(5));
        if (passed[0]) {
            exchange.getResponse().setStatusCode(HttpStatus.OK);
        }
        return exchange.getResponse();
    }

    static int status(MockServerHttpResponse r) {
        return r.getStatusCode().value();
    }

    @Test
    void withoutATokenConfiguredEverythingPasses() {
        AdminApiSettings open = new AdminApiSettings(null);
        assertThat(status(get(open, "/api/v1/pods", null, null))).isEqualTo(200);
        assertThat(status(get(open, "/actuator/prometheus", null, null))).isEqualTo(200);
    }

    @Test
    void withATokenRequestsWithoutItGetAProblemDetail() {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        for (String path : new String[] {
            "/api/v1/pods", "/v3/api-docs", "/v3/api-docs.yaml", "/actuator/prometheus", "/actuator/health", "/nope"
        }) {
            MockServerHttpResponse r = get(guarded, path, null, null);
            assertThat(status(r)).as(path).isEqualTo(401);
            assertThat(r.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer realm=\"jcri\"");
            assertThat(r.getHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
            assertThat(r.getBodyAsString().block(Duration.ofSeconds(5)))
                    .contains("\"status\":401")
                    .contains("\"instance\":\"" + path + "\"")
                    .doesNotContain(TOKEN);
        }
        assertThat(status(get(guarded, "/api/v1/pods", "Bearer wrong", null))).isEqualTo(401);
        assertThat(status(get(guarded, "/api/v1/pods", "Basic " + TOKEN, null))).isEqualTo(401);
        assertThat(status(get(guarded, "/api/v1/events", null, "wrong"))).isEqualTo(401);
    }

    @Test
    void withATokenTheHeaderOrTheQueryParameterLetsRequestsThrough() {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        assertThat(status(get(guarded, "/api/v1/pods", "Bearer " + TOKEN, null)))
                .isEqualTo(200);
        assertThat(status(get(guarded, "/actuator/prometheus", "Bearer " + TOKEN, null)))
                .isEqualTo(200);
        assertThat(status(get(guarded, "/api/v1/events", null, TOKEN))).isEqualTo(200);
    }

    @Test
    void theQueryTokenIsTakenOnlyOnTheEventStream() {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        for (String path : new String[] {"/api/v1/pods", "/actuator/prometheus", "/v3/api-docs", "/api/v1/events/x"}) {
            assertThat(status(get(guarded, path, null, TOKEN))).as(path).isEqualTo(401);
        }
        assertThat(status(get(guarded, "/api/v1/events", null, TOKEN))).isEqualTo(200);
    }

    @Test
    void livenessAndReadinessProbesStayOpen() {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        assertThat(status(get(guarded, "/actuator/health/liveness", null, null)))
                .isEqualTo(200);
        assertThat(status(get(guarded, "/actuator/health/readiness", null, null)))
                .isEqualTo(200);
        assertThat(status(get(guarded, "/actuator/health/containerd", null, null)))
                .isEqualTo(401);
    }

    @Test
    void theFilterRunsFirstAndCoversEveryPathButTheProbesAndTheDashboardPage() {
        BearerTokenFilter filter = new RestAdminConfiguration().adminTokenFilter(new AdminApiSettings(TOKEN));
        assertThat(filter.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        for (String open : new String[] {"/", "/index.html", "/actuator/health/readiness"}) {
            assertThat(status(get(guarded, open, null, null))).as(open).isEqualTo(200);
        }
    }
}
