package io.jcri.adapters.rest;

/**
 * How the admin API is guarded: with a non-empty {@code token}, every {@code /api/**}, {@code
 * /v3/api-docs} and {@code /actuator/**} request (but the liveness and readiness probes) must
 * carry {@code Authorization: Bearer <token>} (or, on {@code /api/v1/events} only, for the
 * browser's EventSource, which cannot set headers, {@code ?access_token=<token>}).
 */
public record AdminApiSettings(String token) {
    public AdminApiSettings {
        token = token == null ? "" : token;
    }

    public boolean tokenRequired() {
        return !token.isEmpty();
    }
}
