package io.jcri.adapters.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects admin API and actuator requests without the configured bearer token, as a 401 problem
 * detail. The liveness and readiness probes stay open: they answer UP or DOWN, and a prober
 * rarely carries a token.
 */
final class BearerTokenFilter extends OncePerRequestFilter {
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
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return OPEN_PROBES.contains(request.getRequestURI()) || OPEN_PAGE.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!settings.tokenRequired() || presented(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"jcri\"");
        response.setContentType("application/problem+json");
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"the jcri admin API needs 'Authorization: Bearer <jcri.admin.token>'\","
                        + "\"instance\":\"" + request.getRequestURI().replace("\"", "") + "\"}");
    }

    /**
     * Only the SSE stream takes the token as a query parameter (a browser's EventSource cannot set
     * a header); elsewhere a query token would only end up in access logs, so it is not read.
     */
    private static boolean queryTokenAllowed(HttpServletRequest request) {
        return EVENTS_PATH.equals(request.getRequestURI());
    }

    private boolean presented(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        String given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim()
                : queryTokenAllowed(request) ? request.getParameter("access_token") : null;
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), settings.token().getBytes(StandardCharsets.UTF_8));
    }
}
