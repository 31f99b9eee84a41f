package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BearerTokenFilterTest {
    static final String TOKEN = "s3cret-token";

    static MockHttpServletResponse get(AdminApiSettings settings, String path, String authorization, String param)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        if (param != null) {
            request.setParameter("access_token", param);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new BearerTokenFilter(settings).doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(200);
        }
        return response;
    }

    @Test
    void withoutATokenConfiguredEverythingPasses() throws Exception {
        AdminApiSettings open = new AdminApiSettings(null);
        assertThat(get(open, "/api/v1/pods", null, null).getStatus()).isEqualTo(200);
        assertThat(get(open, "/actuator/prometheus", null, null).getStatus()).isEqualTo(200);
    }

    @Test
    void withATokenRequestsWithoutItGetAProblemDetail() throws Exception {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        for (String path : new String[] {
            "/api/v1/pods", "/v3/api-docs", "/v3/api-docs.yaml", "/actuator/prometheus", "/actuator/health", "/nope"
        }) {
            MockHttpServletResponse r = get(guarded, path, null, null);
            assertThat(r.getStatus()).as(path).isEqualTo(401);
            assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"jcri\"");
            assertThat(r.getContentType()).isEqualTo("application/problem+json");
            assertThat(r.getContentAsString())
                    .contains("\"status\":401")
                    .contains("\"instance\":\"" + path + "\"")
                    .doesNotContain(TOKEN);
        }
        assertThat(get(guarded, "/api/v1/pods", "Bearer wrong", null).getStatus())
                .isEqualTo(401);
        assertThat(get(guarded, "/api/v1/pods", "Basic " + TOKEN, null).getStatus())
                .isEqualTo(401);
        assertThat(get(guarded, "/api/v1/events", null, "wrong").getStatus()).isEqualTo(401);
    }

    @Test
    void withATokenTheHeaderOrTheQueryParameterLetsRequestsThrough() throws Exception {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        assertThat(get(guarded, "/api/v1/pods", "Bearer " + TOKEN, null).getStatus())
                .isEqualTo(200);
        assertThat(get(guarded, "/actuator/prometheus", "Bearer " + TOKEN, null).getStatus())
                .isEqualTo(200);
        assertThat(get(guarded, "/api/v1/events", null, TOKEN).getStatus()).isEqualTo(200);
    }

    @Test
    void theQueryTokenIsTakenOnlyOnTheEventStream() throws Exception {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        for (String path : new String[] {"/api/v1/pods", "/actuator/prometheus", "/v3/api-docs", "/api/v1/events/x"}) {
            assertThat(get(guarded, path, null, TOKEN).getStatus()).as(path).isEqualTo(401);
        }
        assertThat(get(guarded, "/api/v1/events", null, TOKEN).getStatus()).isEqualTo(200);
    }

    @Test
    void livenessAndReadinessProbesStayOpen() throws Exception {
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        assertThat(get(guarded, "/actuator/health/liveness", null, null).getStatus())
                .isEqualTo(200);
        assertThat(get(guarded, "/actuator/health/readiness", null, null).getStatus())
                .isEqualTo(200);
        assertThat(get(guarded, "/actuator/health/containerd", null, null).getStatus())
                .isEqualTo(401);
    }

    @Test
    void theFilterCoversEveryPathButTheProbesAndTheDashboardPage() throws Exception {
        assertThat(new RestAdminConfiguration()
                        .adminTokenFilter(new AdminApiSettings(TOKEN))
                        .getUrlPatterns())
                .containsExactly("/*");
        AdminApiSettings guarded = new AdminApiSettings(TOKEN);
        for (String open : new String[] {"/", "/index.html", "/actuator/health/readiness"}) {
            assertThat(get(guarded, open, null, null).getStatus()).as(open).isEqualTo(200);
        }
    }
}
