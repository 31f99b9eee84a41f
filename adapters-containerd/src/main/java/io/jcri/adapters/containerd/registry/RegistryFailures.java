package io.jcri.adapters.containerd.registry;

import io.jcri.domain.error.JcriException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns registry answers and transport failures into jcri errors that name the host and never a secret. */
final class RegistryFailures {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistryFailures() {}

    /** A non-success status from {@code host} for {@code what}; {@code body} is the registry's error document. */
    static JcriException status(String what, String host, int status, byte[] body) {
        String answer = host + " answered " + status + describe(body);
        return switch (status) {
            case 404 -> new JcriException.NotFound(what + ": not found: " + answer);
            case 401, 403 ->
                new JcriException.InvalidArgument(
                        what + ": authentication failed: " + answer + " (check the pull credentials for " + host + ")");
            case 429, 500, 502, 503, 504 -> new JcriException.Unavailable(what + ": registry unavailable: " + answer);
            default -> new JcriException.Internal(what + ": unexpected answer: " + answer);
        };
    }

    /** The transport failure talking to {@code host}. */
    static JcriException transport(String what, String host, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "connect timed out";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer in time";
        } else if (e instanceof ConnectException || root instanceof ConnectException) {
            why = "connection refused";
        } else if (root instanceof UnresolvedAddressException || root instanceof java.net.UnknownHostException) {
            why = "host name does not resolve";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new JcriException.Unavailable(what + ": registry " + host + " is unreachable (" + why + ")", e);
    }

    private static String describe(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                StringBuilder out = new StringBuilder();
                for (JsonNode err : errors) {
                    out.append(' ')
                            .append(err.path("code").asString(""))
                            .append(" (")
                            .append(err.path("message").asString(""))
                            .append(')');
                }
                return out.toString();
            }
        } catch (RuntimeException e) {
            // not a registry error document
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " ");
    }
}
