package io.jcri.domain.runtime;

import java.util.Objects;

/**
 * One condition of the runtime as CRI Status reports it. {@code reason} and {@code message} are
 * empty when the condition holds.
 */
public record RuntimeCondition(String type, boolean status, String reason, String message) {

    public static final String RUNTIME_READY = "RuntimeReady";
    public static final String NETWORK_READY = "NetworkReady";
    public static final String NETWORK_PLUGIN_NOT_READY = "NetworkPluginNotReady";
    public static final String CONTAINERD_NOT_READY = "ContainerdNotReady";
    /** RuntimeReady's reason while jcri is still finding its pods and containers again after a start. */
    public static final String RECOVERING = "Recovering";

    public RuntimeCondition {
        Objects.requireNonNull(type, "type");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    public static RuntimeCondition met(String type) {
        return new RuntimeCondition(type, true, "", "");
    }

    public static RuntimeCondition unmet(String type, String reason, String message) {
        return new RuntimeCondition(type, false, reason, message);
    }
}
