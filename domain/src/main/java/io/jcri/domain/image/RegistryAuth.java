package io.jcri.domain.image;

import io.jcri.domain.error.JcriException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one pull, as the kubelet passes them. Never printed: {@link #toString()} names
 * only which kinds are present.
 */
public record RegistryAuth(String username, String password, String auth, String identityToken, String registryToken) {
    public static final RegistryAuth NONE = new RegistryAuth("", "", "", "", "");

    public RegistryAuth {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        auth = auth == null ? "" : auth;
        identityToken = identityToken == null ? "" : identityToken;
        registryToken = registryToken == null ? "" : registryToken;
    }

    public static RegistryAuth basic(String username, String password) {
        return new RegistryAuth(username, password, "", "", "");
    }

    public boolean isEmpty() {
        return username.isEmpty()
                && password.isEmpty()
                && auth.isEmpty()
                && identityToken.isEmpty()
                && registryToken.isEmpty();
    }

    /** User name and password, from the fields or decoded from {@code auth} ({@code base64(user:pass)}). */
    public RegistryAuth resolved() {
        if (auth.isEmpty() || !username.isEmpty()) {
            return this;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new JcriException.InvalidArgument("pull credentials: the auth field is not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new JcriException.InvalidArgument("pull credentials: the auth field is not base64 of user:password");
        }
        return new RegistryAuth(
                decoded.substring(0, colon), decoded.substring(colon + 1), "", identityToken, registryToken);
    }

    public boolean hasUserPassword() {
        return !username.isEmpty() && !password.isEmpty();
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "RegistryAuth[none]";
        }
        return "RegistryAuth[user=" + (username.isEmpty() ? "-" : username) + ", secrets redacted]";
    }
}
