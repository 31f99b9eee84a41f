package io.jcri.domain.oci;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.RawJson;
import io.jcri.domain.security.SeccompProfile;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** The {@code linux.seccomp} for a profile choice: none, the built-in default, or a file's JSON. */
public final class Seccomp {
    private Seccomp() {}

    public static @Nullable OciSeccomp of(String owner, SeccompProfile profile, Collection<String> bounding) {
        if (profile instanceof SeccompProfile.Unconfined) {
            return null;
        }
        if (profile instanceof SeccompProfile.RuntimeDefault) {
            return DefaultSeccompProfile.forCapabilities(bounding);
        }
        SeccompProfile.Localhost local = (SeccompProfile.Localhost) profile;
        RawJson json;
        try {
            json = new RawJson(local.json());
        } catch (IllegalArgumentException e) {
            throw new JcriException.InvalidArgument(
                    owner + ": seccomp profile \"" + local.path() + "\" is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!json.text().startsWith("{")) {
            throw new JcriException.InvalidArgument(
                    owner + ": seccomp profile \"" + local.path() + "\" is not a JSON object");
        }
        return new OciSeccomp.Raw(json);
    }
}
