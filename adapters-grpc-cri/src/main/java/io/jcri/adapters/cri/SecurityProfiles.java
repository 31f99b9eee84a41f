package io.jcri.adapters.cri;

import io.jcri.cri.v1.SecurityProfile;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.security.AppArmorProfile;
import io.jcri.domain.security.SeccompProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CRI security profiles (seccomp, AppArmor) to the domain's; a localhost seccomp file is read here. */
final class SecurityProfiles {
    private SecurityProfiles() {}

    /**
     * @param profile the structured field, if set
     * @param deprecatedPath the old string form ("runtime/default", "unconfined", "localhost/PATH")
     */
    static SeccompProfile seccomp(boolean set, SecurityProfile profile, String deprecatedPath, String owner) {
        if (set) {
            return switch (profile.getProfileType()) {
                case RuntimeDefault -> SeccompProfile.runtimeDefault();
                case Localhost -> localhost(profile.getLocalhostRef(), owner);
                default -> SeccompProfile.unconfined();
            };
        }
        String p = deprecatedPath == null ? "" : deprecatedPath;
        checkDeprecatedSeccomp(p, owner);
        if (p.equals("runtime/default") || p.equals("docker/default")) {
            return SeccompProfile.runtimeDefault();
        }
        if (p.startsWith("localhost/")) {
            return localhost(p.substring("localhost/".length()), owner);
        }
        return SeccompProfile.unconfined();
    }

    /**
     * Checks the deprecated string form of a seccomp profile ({@code seccomp_profile_path}), which
     * older kubelets still send: empty, {@code runtime/default}, {@code docker/default},
     * {@code unconfined} or {@code localhost/<path>}; anything else (a bare path, say) is refused.
     */
    static void checkDeprecatedSeccomp(String value, String owner) {
        if (value.isEmpty()
                || value.equals("runtime/default")
                || value.equals("docker/default")
                || value.equals("unconfined")
                || (value.startsWith("localhost/") && value.length() > "localhost/".length())) {
            return;
        }
        throw new JcriException.InvalidArgument(owner + ": linux.security_context.seccomp_profile_path \"" + value
                + "\" is not one of runtime/default, docker/default, unconfined or localhost/<path>");
    }

    /**
     * Checks the deprecated string form of an AppArmor profile ({@code apparmor_profile}): empty,
     * {@code runtime/default}, {@code unconfined} or {@code localhost/<name>}.
     */
    static void checkDeprecatedAppArmor(String value, String owner) {
        if (value.isEmpty()
                || value.equals("runtime/default")
                || value.equals("unconfined")
                || (value.startsWith("localhost/") && value.length() > "localhost/".length())) {
            return;
        }
        throw new JcriException.InvalidArgument(owner + ": linux.security_context.apparmor_profile \"" + value
                + "\" is not one of runtime/default, unconfined or localhost/<name>");
    }

    private static SeccompProfile localhost(String path, String owner) {
        try {
            return SeccompProfile.localhost(path, Files.readString(Path.of(path)));
        } catch (IOException | RuntimeException e) {
            throw new JcriException.InvalidArgument(
                    owner + ": seccomp profile " + path + " cannot be read: " + e.getMessage());
        }
    }

    static AppArmorProfile apparmor(boolean set, SecurityProfile profile) {
        if (!set) {
            return AppArmorProfile.unconfined();
        }
        return switch (profile.getProfileType()) {
            case RuntimeDefault -> AppArmorProfile.runtimeDefault();
            case Localhost -> AppArmorProfile.localhost(profile.getLocalhostRef());
            default -> AppArmorProfile.unconfined();
        };
    }
}
