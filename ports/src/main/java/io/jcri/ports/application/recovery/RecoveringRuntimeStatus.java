package io.jcri.ports.application.recovery;

import io.jcri.domain.json.Json;
import io.jcri.domain.runtime.RuntimeCondition;
import io.jcri.domain.runtime.RuntimeStatusReport;
import io.jcri.domain.runtime.RuntimeVersion;
import io.jcri.ports.in.RuntimeStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CRI Status while start-up recovery runs: RuntimeReady is false with reason {@code Recovering}
 * and a message naming the attempt and the last error, whatever the engine says, so the kubelet
 * starts nothing until jcri knows its pods again; a verbose status adds a {@code recovery} entry.
 * Everything else is the wrapped status's.
 */
public final class RecoveringRuntimeStatus implements RuntimeStatus {
    private final RuntimeStatus delegate;
    private final RecoveryState state;

    public RecoveringRuntimeStatus(RuntimeStatus delegate, RecoveryState state) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public RuntimeVersion version(VersionQuery query) {
        return delegate.version(query);
    }

    @Override
    public RuntimeStatusReport status(StatusQuery query) {
        RecoveryState.Phase phase = state.phase();
        RuntimeStatusReport report = delegate.status(query);
        Map<String, String> info = report.info();
        if (query.verbose()) {
            info = new LinkedHashMap<>(info);
            info.put("recovery", Json.write(summary(phase)));
        }
        if (!(phase instanceof RecoveryState.Recovering)) {
            return new RuntimeStatusReport(report.conditions(), info, report.handlers(), report.features());
        }
        List<RuntimeCondition> conditions = new ArrayList<>();
        for (RuntimeCondition c : report.conditions()) {
            conditions.add(
                    c.type().equals(RuntimeCondition.RUNTIME_READY)
                            ? RuntimeCondition.unmet(
                                    RuntimeCondition.RUNTIME_READY,
                                    RuntimeCondition.RECOVERING,
                                    RecoveryState.describe(phase))
                            : c);
        }
        return new RuntimeStatusReport(conditions, info, report.handlers(), report.features());
    }

    private static Map<String, Object> summary(RecoveryState.Phase phase) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (phase instanceof RecoveryState.Recovering r) {
            m.put("state", "recovering");
            m.put("attempt", r.attempt());
            m.put("lastError", r.lastError());
        } else {
            RecoveryState.Recovered done = (RecoveryState.Recovered) phase;
            m.put("state", "recovered");
            m.put("attempts", done.attempts());
            m.putAll(done.counts());
        }
        return m;
    }

    @Override
    public boolean systemdCgroupDriver() {
        return delegate.systemdCgroupDriver();
    }

    @Override
    public void updatePodCidr(String podCidr) {
        delegate.updatePodCidr(podCidr);
    }
}
