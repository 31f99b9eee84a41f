package io.jcri.domain.security;

import java.util.Objects;

/** The AppArmor profile a container asks for; {@link Localhost} names a profile loaded on the node. */
public sealed interface AppArmorProfile {

    /** No profile. */
    record Unconfined() implements AppArmorProfile {}

    /** The runtime's default profile, when the node has one loaded. */
    record RuntimeDefault() implements AppArmorProfile {}

    /** A profile by name ({@code localhost/} prefix allowed and removed). */
    record Localhost(String name) implements AppArmorProfile {
        public Localhost {
            Objects.requireNonNull(name, "name");
            name = name.startsWith("localhost/") ? name.substring("localhost/".length()) : name;
        }
    }

    static AppArmorProfile unconfined() {
        return new Unconfined();
    }

    static AppArmorProfile runtimeDefault() {
        return new RuntimeDefault();
    }

    static AppArmorProfile localhost(String name) {
        return new Localhost(name);
    }
}
