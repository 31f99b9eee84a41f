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
        if (p.equals("runtime/default") || p.equals("docker/default")) {
            return SeccompProfile.runtimeDefault();
        }
        if (p.startsWith("localhost/")) {
            return localhost(p.substring("localhost/".length()), owner);
        }
        return SeccompProfile.unconfined();
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
