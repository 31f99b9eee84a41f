package io.jcri.adapters.rest;

import io.jcri.domain.runtime.RuntimeCondition;
import io.jcri.domain.runtime.RuntimeStatusReport;
import io.jcri.domain.runtime.RuntimeVersion;
import io.jcri.ports.in.RuntimeStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/runtime}: versions, readiness with reasons, containerd and CNI state, configuration. */
@RestController
class RuntimeController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RuntimeStatus runtime;

    RuntimeController(RuntimeStatus runtime) {
        this.runtime = runtime;
    }

    record RuntimeView(
            RuntimeVersion version,
            boolean ready,
            List<RuntimeCondition> conditions,
            List<String> runtimeHandlers,
            Map<String, JsonNode> info) {}

    @GetMapping("/api/v1/runtime")
    RuntimeView runtime() {
        RuntimeStatusReport report = runtime.status(new RuntimeStatus.StatusQuery(true));
        Map<String, JsonNode> info = new LinkedHashMap<>();
        report.info().forEach((k, v) -> info.put(k, parse(v)));
        return new RuntimeView(
                runtime.version(new RuntimeStatus.VersionQuery(RuntimeVersion.CRI_API_VERSION)),
                report.conditions().stream().allMatch(RuntimeCondition::status),
                report.conditions(),
                report.handlers(),
                info);
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (RuntimeException e) {
            return JSON.getNodeFactory().stringNode(value);
        }
    }
}
