package io.jcri.domain.security;

import java.util.List;

/** One line of an /etc/group file: group name, gid and member user names. */
public record GroupEntry(String name, long gid, List<String> members) {
    public GroupEntry {
        members = List.copyOf(members);
    }
}
