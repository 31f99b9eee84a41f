package io.jcri.domain.image;

import java.util.Locale;

/**
 * An OCI platform: which manifest of an index jcri picks. {@link #current()} is the one the JVM
 * runs on, with the JVM's architecture names mapped to OCI's.
 */
public record Platform(String os, String architecture, String variant) {
    public static Platform current() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> new Platform("linux", "amd64", "");
            case "aarch64", "arm64" -> new Platform("linux", "arm64", "v8");
            case "arm" -> new Platform("linux", "arm", "v7");
            case "ppc64le" -> new Platform("linux", "ppc64le", "");
            case "s390x" -> new Platform("linux", "s390x", "");
            case "riscv64" -> new Platform("linux", "riscv64", "");
            default -> new Platform("linux", arch, "");
        };
    }

    /** Whether an index entry for {@code os}/{@code architecture}/{@code variant} runs here. */
    public boolean matches(String os, String architecture, String variant) {
        if (!this.os.equals(os) || !this.architecture.equals(architecture)) {
            return false;
        }
        if (variant == null || variant.isEmpty() || this.variant.isEmpty()) {
            return true;
        }
        return this.variant.equals(variant);
    }
}
