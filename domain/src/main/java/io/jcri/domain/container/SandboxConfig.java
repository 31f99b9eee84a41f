package io.jcri.domain.container;

import java.util.Map;
import java.util.Objects;

/**
 * What the CRI asks of a pod sandbox (RunPodSandbox's {@code PodSandboxConfig}, Linux parts):
 * the pod's metadata, hostname, log directory, labels and annotations, cgroup parent, sysctls
 * and security context.
 */
public record SandboxConfig(
        String name,
        String uid,
        String namespace,
        int attempt,
        String hostname,
        String logDirectory,
        Map<String, String> labels,
        Map<String, String> annotations,
        String cgroupParent,
        Map<String, String> sysctls,
        SandboxSecurity security) {

    public SandboxConfig {
        Objects.requireNonNull(name, "name");
        uid = uid == null ? "" : uid;
        namespace = namespace == null ? "" : namespace;
        hostname = hostname == null ? "" : hostname;
        logDirectory = logDirectory == null ? "" : logDirectory;
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        sysctls = Map.copyOf(sysctls == null ? Map.of() : sysctls);
        security = security == null ? SandboxSecurity.defaults() : security;
    }

    public static Builder builder(String name, String uid, String namespace) {
        return new Builder(name, uid, namespace);
    }

    public Builder toBuilder() {
        return new Builder(name, uid, namespace)
                .attempt(attempt)
                .hostname(hostname)
                .logDirectory(logDirectory)
                .labels(labels)
                .annotations(annotations)
                .cgroupParent(cgroupParent)
                .sysctls(sysctls)
                .security(security);
    }

    /** Builds a {@link SandboxConfig}; unset fields are empty. */
    public static final class Builder {
        private final String name;
        private final String uid;
        private final String namespace;
        private int attempt;
        private String hostname = "";
        private String logDirectory = "";
        private Map<String, String> labels = Map.of();
        private Map<String, String> annotations = Map.of();
        private String cgroupParent = "";
        private Map<String, String> sysctls = Map.of();
        private SandboxSecurity security = SandboxSecurity.defaults();

        private Builder(String name, String uid, String namespace) {
            this.name = name;
            this.uid = uid;
            this.namespace = namespace;
        }

        public Builder attempt(int value) {
            attempt = value;
            return this;
        }

        public Builder hostname(String value) {
            hostname = value;
            return this;
        }

        public Builder logDirectory(String value) {
            logDirectory = value;
            return this;
        }

        public Builder labels(Map<String, String> value) {
            labels = value;
            return this;
        }

        public Builder annotations(Map<String, String> value) {
            annotations = value;
            return this;
        }

        public Builder cgroupParent(String value) {
            cgroupParent = value;
            return this;
        }

        public Builder sysctls(Map<String, String> value) {
            sysctls = value;
            return this;
        }

        public Builder security(SandboxSecurity value) {
            security = value;
            return this;
        }

        public SandboxConfig build() {
            return new SandboxConfig(
                    name,
                    uid,
                    namespace,
                    attempt,
                    hostname,
                    logDirectory,
                    labels,
                    annotations,
                    cgroupParent,
                    sysctls,
                    security);
        }
    }
}
