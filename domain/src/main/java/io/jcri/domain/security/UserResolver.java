package io.jcri.domain.security;

import io.jcri.domain.error.JcriException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides the uid, gid and additional gids of a container's process.
 *
 * <p>Which user: {@code run_as_username} if set, else {@code run_as_user}, else the image's
 * {@code USER}, else root. {@code run_as_group} replaces the group and is only allowed with one
 * of the first two. A user or group given by name must exist in the image's files; a numeric uid
 * need not, and takes its primary gid from /etc/passwd when listed there (else 0).
 *
 * <p>Additional gids: the primary gid, then the groups of /etc/group that list the user (by
 * name, found by uid when only a uid was given; left out under the {@code Strict} supplemental
 * groups policy), then the CRI's supplemental groups, without duplicates.
 */
public final class UserResolver {
    private static final long MAX_ID = 0xFFFF_FFFEL;

    private UserResolver() {}

    public static ResolvedUser resolve(
            @Nullable String runAsUsername,
            @Nullable Long runAsUser,
            @Nullable Long runAsGroup,
            String imageUser,
            UserDatabase db,
            List<Long> supplementalGroups) {
        return resolve(runAsUsername, runAsUser, runAsGroup, imageUser, db, supplementalGroups, false);
    }

    /** As above; {@code strict} leaves out the groups the image's /etc/group gives the user. */
    public static ResolvedUser resolve(
            @Nullable String runAsUsername,
            @Nullable Long runAsUser,
            @Nullable Long runAsGroup,
            String imageUser,
            UserDatabase db,
            List<Long> supplementalGroups,
            boolean strict) {
        String spec;
        if (runAsUsername != null && !runAsUsername.isEmpty()) {
            spec = runAsUsername;
        } else if (runAsUser != null) {
            spec = Long.toString(checkId("run_as_user", runAsUser));
        } else {
            if (runAsGroup != null) {
                throw new JcriException.InvalidArgument(
                        "run_as_group " + runAsGroup + " is set without run_as_user or run_as_username");
            }
            spec = imageUser == null || imageUser.isEmpty() ? "0" : imageUser;
        }
        if (runAsGroup != null) {
            int colon = spec.indexOf(':');
            spec = (colon < 0 ? spec : spec.substring(0, colon)) + ":" + checkId("run_as_group", runAsGroup);
        }
        return resolve(spec, db, supplementalGroups, strict);
    }

    /** Resolves a user spec as an image's {@code USER} writes it: {@code user[:group]}, names or ids. */
    public static ResolvedUser resolve(String userSpec, UserDatabase db, List<Long> supplementalGroups) {
        return resolve(userSpec, db, supplementalGroups, false);
    }

    private static ResolvedUser resolve(
            String userSpec, UserDatabase db, List<Long> supplementalGroups, boolean strict) {
        int colon = userSpec.indexOf(':');
        String userPart = colon < 0 ? userSpec : userSpec.substring(0, colon);
        String groupPart = colon < 0 ? null : userSpec.substring(colon + 1);
        if (userPart.isEmpty()) {
            throw new JcriException.InvalidArgument("user \"" + userSpec + "\" names no user");
        }
        long uid;
        long gid;
        String userName;
        Long numericUid = number(userPart);
        if (numericUid != null) {
            uid = checkId("uid", numericUid);
            Optional<PasswdEntry> entry = db.userWithUid(uid);
            gid = entry.map(PasswdEntry::gid).orElse(0L);
            userName = entry.map(PasswdEntry::name).orElse(null);
        } else {
            PasswdEntry entry = db.userNamed(userPart)
                    .orElseThrow(() -> new JcriException.InvalidArgument(
                            "user \"" + userPart + "\" not found in the image's /etc/passwd"));
            uid = entry.uid();
            gid = entry.gid();
            userName = entry.name();
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            Long numericGid = number(groupPart);
            if (numericGid != null) {
                gid = checkId("gid", numericGid);
            } else {
                gid = db.groupNamed(groupPart)
                        .orElseThrow(() -> new JcriException.InvalidArgument(
                                "group \"" + groupPart + "\" not found in the image's /etc/group"))
                        .gid();
            }
        }
        Set<Long> gids = new LinkedHashSet<>();
        gids.add(gid);
        if (userName != null && !strict) {
            gids.addAll(db.groupsOfMember(userName));
        }
        for (Long g : supplementalGroups) {
            gids.add(checkId("supplemental group", g));
        }
        return new ResolvedUser(uid, gid, List.copyOf(gids));
    }

    private static @Nullable Long number(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long checkId(String what, long id) {
        if (id < 0 || id > MAX_ID) {
            throw new JcriException.InvalidArgument(what + " " + id + " is out of range 0.." + MAX_ID);
        }
        return id;
    }
}
