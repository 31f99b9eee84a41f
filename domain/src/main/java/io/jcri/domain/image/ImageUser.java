package io.jcri.domain.image;

import org.jspecify.annotations.Nullable;

/**
 * The user an image runs as, read from its config's {@code User} the way the kubelet expects: a
 * numeric user (alone or before {@code :group}) is a uid, anything else a user name, nothing is
 * neither (the kubelet then treats it as root).
 *
 * @param uid the numeric uid, or null
 * @param username the user name, or empty
 */
public record ImageUser(@Nullable Long uid, String username) {
    public static ImageUser of(String user) {
        if (user == null || user.isEmpty()) {
            return new ImageUser(null, "");
        }
        String name = user;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            name = user.substring(0, colon);
        }
        if (name.isEmpty()) {
            return new ImageUser(null, "");
        }
        try {
            long uid = Long.parseLong(name);
            if (uid >= 0) {
                return new ImageUser(uid, "");
            }
        } catch (NumberFormatException e) {
            // a user name
        }
        return new ImageUser(null, name);
    }
}
