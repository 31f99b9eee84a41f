package io.jcri.domain.container;

import io.jcri.domain.security.AppArmorProfile;
import io.jcri.domain.security.SeccompProfile;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pod sandbox's security context, as the CRI gives it. {@code runAsUser} and {@code runAsGroup}
 * are {@code null} when not set. A mapper from the CRI maps an absent seccomp profile to
 * {@link SeccompProfile.Unconfined} (what the kubelet means by it).
 */
public record SandboxSecurity(
        boolean privileged,
        NamespaceOptions namespaces,
        @Nullable Long runAsUser,
        @Nullable Long runAsGroup,
        boolean readonlyRootfs,
        List<Long> supplementalGroups,
        SeccompProfile seccomp,
        AppArmorProfile apparmor) {

    public SandboxSecurity {
        Objects.requireNonNull(namespaces, "namespaces");
        supplementalGroups = List.copyOf(supplementalGroups == null ? List.of() : supplementalGroups);
        seccomp = seccomp == null ? SeccompProfile.unconfined() : seccomp;
        apparmor = apparmor == null ? AppArmorProfile.unconfined() : apparmor;
    }

    /** Not privileged, pod namespaces, the image's user, no seccomp filter. */
    public static SandboxSecurity defaults() {
        return new SandboxSecurity(
                false,
                NamespaceOptions.pod(),
                null,
                null,
                false,
                List.of(),
                SeccompProfile.unconfined(),
                AppArmorProfile.unconfined());
    }

    public SandboxSecurity withPrivileged(boolean value) {
        return new SandboxSecurity(
                value, namespaces, runAsUser, runAsGroup, readonlyRootfs, supplementalGroups, seccomp, apparmor);
    }

    public SandboxSecurity withNamespaces(NamespaceOptions value) {
        return new SandboxSecurity(
                privileged, value, runAsUser, runAsGroup, readonlyRootfs, supplementalGroups, seccomp, apparmor);
    }

    public SandboxSecurity withRunAs(@Nullable Long user, @Nullable Long group) {
        return new SandboxSecurity(
                privileged, namespaces, user, group, readonlyRootfs, supplementalGroups, seccomp, apparmor);
    }

    public SandboxSecurity withReadonlyRootfs(boolean value) {
        return new SandboxSecurity(
                privileged, namespaces, runAsUser, runAsGroup, value, supplementalGroups, seccomp, apparmor);
    }

    public SandboxSecurity withSupplementalGroups(List<Long> value) {
        return new SandboxSecurity(
                privileged, namespaces, runAsUser, runAsGroup, readonlyRootfs, value, seccomp, apparmor);
    }

    public SandboxSecurity withSeccomp(SeccompProfile value) {
        return new SandboxSecurity(
                privileged, namespaces, runAsUser, runAsGroup, readonlyRootfs, supplementalGroups, value, apparmor);
    }
}
