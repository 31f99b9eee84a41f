package io.jcri.adapters.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Rejects admin API and actuator requests without the configured bearer token, as a 401 problem
 * detail. A {@link WebFilter} of the highest precedence, so it sees every request the admin server
 * takes (the API, its docs, actuator, static files and paths nothing maps). The liveness and
 * readiness probes stay open: they answer UP or DOWN, and a prober rarely carries a token.
 */
final class BearerTokenFilter implements WebFilter, Ordered {
    private static final String EVENTS_PATH = "/api/v1/events";
    static final Set<String> OPEN_PROBES = Set.of("/actuator/health/liveness", "/actuator/health/readiness");

    /**
     * The dashboard's page: static HTML with no data in it (a browser cannot send the header
     * when it loads a page; the page sends the token, from its URL's fragment, on every call).
     */
    static final Set<String> OPEN_PAGE = Set.of("/", "/index.html");

    private final AdminApiSettings settings;

    BearerTokenFilter(AdminApiSettings settings) {
        this.settings = settings;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (OPEN_PROBES.contains(path) || OPEN_PAGE.contains(path) || !settings.tokenRequired() || presented(request)) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"jcri\"");
        response.getHeaders().set(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"the jcri admin API needs 'Authorization: Bearer <jcri.admin.token>'\","
                        + "\"instance\":\"" + path.replace("\"", "") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    /**
     * Only the SSE stream takes the token as a query parameter (a browser's EventSource cannot set
     * a header); elsewhere a query token would only end up in access logs, so it is not read.
     */
    private static boolean queryTokenAllowed(ServerHttpRequest request) {
        return EVENTS_PATH.equals(request.getPath().value());
    }

    private boolean presented(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim()
                : queryTokenAllowed(request) ? request.getQueryParams().getFirst("access_token") : null;
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), settings.token().getBytes(StandardCharsets.UTF_8));
    }
}
