package io.jcri.domain.container;

import io.jcri.domain.security.AppArmorProfile;
import io.jcri.domain.security.SeccompProfile;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A container's security context, as the CRI gives it. {@code runAsUser}, {@code runAsGroup} and
 * {@code runAsUsername} are {@code null} when not set. {@code maskedPaths} and
 * {@code readonlyPaths} are {@code null} for "the runtime's defaults" and an empty list for "none"
 * (a mapper from the wire, where the two cannot be told apart, passes {@code null} for an empty
 * list).
 */
public record ContainerSecurity(
        boolean privileged,
        NamespaceOptions namespaces,
        Capabilities capabilities,
        @Nullable Long runAsUser,
        @Nullable Long runAsGroup,
        @Nullable String runAsUsername,
        boolean readonlyRootfs,
        List<Long> supplementalGroups,
        boolean noNewPrivs,
        @Nullable List<String> maskedPaths,
        @Nullable List<String> readonlyPaths,
        SeccompProfile seccomp,
        AppArmorProfile apparmor,
        boolean strictSupplementalGroups) {

    public ContainerSecurity {
        Objects.requireNonNull(namespaces, "namespaces");
        capabilities = capabilities == null ? Capabilities.NONE : capabilities;
        runAsUsername = runAsUsername == null || runAsUsername.isEmpty() ? null : runAsUsername;
        supplementalGroups = List.copyOf(supplementalGroups == null ? List.of() : supplementalGroups);
        maskedPaths = maskedPaths == null ? null : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? null : List.copyOf(readonlyPaths);
        seccomp = seccomp == null ? SeccompProfile.unconfined() : seccomp;
        apparmor = apparmor == null ? AppArmorProfile.unconfined() : apparmor;
    }

    /** Not privileged, pod namespaces, default capabilities and paths, the image's user. */
    public static ContainerSecurity defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.privileged = privileged;
        b.namespaces = namespaces;
        b.capabilities = capabilities;
        b.runAsUser = runAsUser;
        b.runAsGroup = runAsGroup;
        b.runAsUsername = runAsUsername;
        b.readonlyRootfs = readonlyRootfs;
        b.supplementalGroups = supplementalGroups;
        b.noNewPrivs = noNewPrivs;
        b.maskedPaths = maskedPaths;
        b.readonlyPaths = readonlyPaths;
        b.seccomp = seccomp;
        b.apparmor = apparmor;
        b.strictSupplementalGroups = strictSupplementalGroups;
        return b;
    }

    /** Builds a {@link ContainerSecurity} field by field; unset fields keep the defaults. */
    public static final class Builder {
        private boolean privileged;
        private NamespaceOptions namespaces = NamespaceOptions.pod();
        private Capabilities capabilities = Capabilities.NONE;
        private @Nullable Long runAsUser;
        private @Nullable Long runAsGroup;
        private @Nullable String runAsUsername;
        private boolean readonlyRootfs;
        private List<Long> supplementalGroups = List.of();
        private boolean noNewPrivs;
        private @Nullable List<String> maskedPaths;
        private @Nullable List<String> readonlyPaths;
        private SeccompProfile seccomp = SeccompProfile.unconfined();
        private AppArmorProfile apparmor = AppArmorProfile.unconfined();
        private boolean strictSupplementalGroups;

        private Builder() {}

        public Builder privileged(boolean value) {
            privileged = value;
            return this;
        }

        public Builder namespaces(NamespaceOptions value) {
            namespaces = value;
            return this;
        }

        public Builder capabilities(Capabilities value) {
            capabilities = value;
            return this;
        }

        public Builder runAsUser(@Nullable Long value) {
            runAsUser = value;
            return this;
        }

        public Builder runAsGroup(@Nullable Long value) {
            runAsGroup = value;
            return this;
        }

        public Builder runAsUsername(@Nullable String value) {
            runAsUsername = value;
            return this;
        }

        public Builder readonlyRootfs(boolean value) {
            readonlyRootfs = value;
            return this;
        }

        public Builder supplementalGroups(List<Long> value) {
            supplementalGroups = value;
            return this;
        }

        public Builder noNewPrivs(boolean value) {
            noNewPrivs = value;
            return this;
        }

        public Builder maskedPaths(@Nullable List<String> value) {
            maskedPaths = value;
            return this;
        }

        public Builder readonlyPaths(@Nullable List<String> value) {
            readonlyPaths = value;
            return this;
        }

        public Builder seccomp(SeccompProfile value) {
            seccomp = value;
            return this;
        }

        public Builder apparmor(AppArmorProfile value) {
            apparmor = value;
            return this;
        }

        /**
         * The CRI's {@code Strict} supplemental groups policy: the process gets only its primary
         * group and the CRI's supplemental groups, not the groups the image's /etc/group gives
         * its user.
         */
        public Builder strictSupplementalGroups(boolean value) {
            strictSupplementalGroups = value;
            return this;
        }

        public ContainerSecurity build() {
            return new ContainerSecurity(
                    privileged,
                    namespaces,
                    capabilities,
                    runAsUser,
                    runAsGroup,
                    runAsUsername,
                    readonlyRootfs,
                    supplementalGroups,
                    noNewPrivs,
                    maskedPaths,
                    readonlyPaths,
                    seccomp,
                    apparmor,
                    strictSupplementalGroups);
        }
    }
}
