package io.jcri.adapters.cri.streaming;

import io.jcri.domain.json.Json;
import io.jcri.ports.in.Streaming;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the error stream carries at the end of an exec or attach: from protocol v4 on, a
 * Kubernetes {@code Status} as JSON (an exit code other than 0 is {@code reason: NonZeroExitCode}
 * with an {@code ExitCode} cause); before v4, the failure's message only, nothing on success.
 */
final class RemoteStatus {
    private RemoteStatus() {}

    /** The bytes to write, or an empty array when nothing is to be written. */
    static byte[] of(Streaming.Outcome outcome, List<String> command, boolean jsonStatus) {
        if (!jsonStatus) {
            return outcome.success() ? new byte[0] : message(outcome, command).getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("metadata", Map.of());
        if (outcome.success()) {
            status.put("status", "Success");
        } else if (outcome.error() == null) {
            status.put("status", "Failure");
            status.put("message", message(outcome, command));
            status.put("reason", "NonZeroExitCode");
            status.put(
                    "details",
                    Map.of("causes", List.of(orderedMap("reason", "ExitCode", "message", "" + outcome.exitCode()))));
        } else {
            status.put("status", "Failure");
            status.put("message", message(outcome, command));
            status.put("reason", "InternalError");
            status.put("details", Map.of("causes", List.of(Map.of("message", outcome.error()))));
            status.put("code", 500);
        }
        return Json.write(status).getBytes(StandardCharsets.UTF_8);
    }

    private static String message(Streaming.Outcome outcome, List<String> command) {
        if (outcome.error() != null) {
            return "Internal error occurred: " + outcome.error();
        }
        return "command terminated with non-zero exit code: error executing command " + command + ", exit code "
                + outcome.exitCode();
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
