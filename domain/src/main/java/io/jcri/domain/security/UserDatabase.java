package io.jcri.domain.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The users and groups of an image, parsed from the text of its /etc/passwd and /etc/group (the
 * caller reads the files from the rootfs; a missing file is {@code null}). Lines that are blank,
 * comments, NIS ({@code +}/{@code -}) entries or malformed are skipped, as the C library does.
 */
public record UserDatabase(List<PasswdEntry> users, List<GroupEntry> groups) {

    public static final UserDatabase EMPTY = new UserDatabase(List.of(), List.of());

    public UserDatabase {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
    }

    public static UserDatabase parse(@Nullable String passwd, @Nullable String group) {
        return new UserDatabase(parsePasswd(passwd), parseGroup(group));
    }

    public static List<PasswdEntry> parsePasswd(@Nullable String text) {
        List<PasswdEntry> out = new ArrayList<>();
        for (String[] f : records(text)) {
            if (f.length < 4 || f[0].isEmpty()) {
                continue;
            }
            Long uid = id(f[2]);
            Long gid = id(f[3]);
            if (uid == null || gid == null) {
                continue;
            }
            out.add(new PasswdEntry(f[0], uid, gid, f.length > 5 ? f[5] : "", f.length > 6 ? f[6] : ""));
        }
        return out;
    }

    public static List<GroupEntry> parseGroup(@Nullable String text) {
        List<GroupEntry> out = new ArrayList<>();
        for (String[] f : records(text)) {
            if (f.length < 3 || f[0].isEmpty()) {
                continue;
            }
            Long gid = id(f[2]);
            if (gid == null) {
                continue;
            }
            List<String> members = f.length > 3 && !f[3].isBlank()
                    ? Arrays.stream(f[3].split(","))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList()
                    : List.of();
            out.add(new GroupEntry(f[0], gid, members));
        }
        return out;
    }

    public Optional<PasswdEntry> userNamed(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public Optional<PasswdEntry> userWithUid(long uid) {
        return users.stream().filter(u -> u.uid() == uid).findFirst();
    }

    public Optional<GroupEntry> groupNamed(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The gids of the groups that list the user as a member, in file order. */
    public List<Long> groupsOfMember(String userName) {
        return groups.stream()
                .filter(g -> g.members().contains(userName))
                .map(GroupEntry::gid)
                .toList();
    }

    private static List<String[]> records(@Nullable String text) {
        List<String[]> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            out.add(line.split(":", -1));
        }
        return out;
    }

    private static @Nullable Long id(String text) {
        try {
            long v = Long.parseLong(text.strip());
            return v < 0 || v > 0xFFFF_FFFFL ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
