package io.jcri.adapters.rest;

/**
 * How the admin API is guarded: with a non-empty {@code token}, every {@code /api/**} and {@code
 * /v3/api-docs} request must carry {@code Authorization: Bearer <token>} (or, for the browser's
 * EventSource, which cannot set headers, {@code ?access_token=<token>}).
 */
public record AdminApiSettings(String token) {
    public AdminApiSettings {
        token = token == null ? "" : token;
    }

    public boolean tokenRequired() {
        return !token.isEmpty();
    }
}
