package io.jcri.domain.security;

import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capability names and the rules jcri uses to compute a container's set: a default set for
 * unprivileged containers, {@code ALL} in add or drop lists, and the host's own set (a privileged
 * container gets what jcri itself may hand out; asking runc for more fails the start).
 */
public final class CapabilitySet {
    private CapabilitySet() {}

    /** Every capability Linux defines, indexed by its number (0 = CAP_CHOWN … 40). */
    public static final List<String> KNOWN = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER",
            "CAP_FSETID",
            "CAP_KILL",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST",
            "CAP_NET_ADMIN",
            "CAP_NET_RAW",
            "CAP_IPC_LOCK",
            "CAP_IPC_OWNER",
            "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO",
            "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT",
            "CAP_SYS_NICE",
            "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG",
            "CAP_MKNOD",
            "CAP_LEASE",
            "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE",
            "CAP_MAC_ADMIN",
            "CAP_SYSLOG",
            "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ",
            "CAP_PERFMON",
            "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** The set an unprivileged container starts from (the one container runtimes agree on). */
    public static final List<String> DEFAULT = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_FSETID",
            "CAP_FOWNER",
            "CAP_MKNOD",
            "CAP_NET_RAW",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETFCAP",
            "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT",
            "CAP_KILL",
            "CAP_AUDIT_WRITE");

    /** The keyword for every capability in CRI add and drop lists. */
    public static final String ALL = "ALL";

    /**
     * The canonical name ({@code CAP_NET_ADMIN}) of a capability given as {@code net_admin},
     * {@code NET_ADMIN} or {@code CAP_NET_ADMIN}; an unknown name is an {@link
     * JcriException.InvalidArgument}.
     */
    public static String normalize(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!KNOWN.contains(full)) {
            throw new JcriException.InvalidArgument("unknown capability \"" + name + "\"");
        }
        return full;
    }

    /** The names of the capabilities whose bits are set in a mask as /proc/PID/status shows it. */
    public static Set<String> fromMask(long mask) {
        Set<String> names = new LinkedHashSet<>();
        for (int bit = 0; bit < KNOWN.size(); bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(KNOWN.get(bit));
            }
        }
        return names;
    }

    /**
     * Applies CRI add and drop lists to a base set, in the order container runtimes use: add
     * {@code ALL} (every name in {@code all}), then drop {@code ALL}, then the named additions,
     * then the named drops. The result keeps the order of {@link #KNOWN}.
     */
    public static List<String> apply(
            Collection<String> base, List<String> add, List<String> drop, Collection<String> all) {
        boolean addAll = add.stream().anyMatch(CapabilitySet::isAll);
        boolean dropAll = drop.stream().anyMatch(CapabilitySet::isAll);
        Set<String> result = new LinkedHashSet<>();
        base.forEach(c -> result.add(normalize(c)));
        if (addAll) {
            all.forEach(c -> result.add(normalize(c)));
        }
        if (dropAll) {
            result.clear();
        }
        for (String c : add) {
            if (!isAll(c)) {
                result.add(normalize(c));
            }
        }
        for (String c : drop) {
            if (!isAll(c)) {
                result.remove(normalize(c));
            }
        }
        return ordered(result);
    }

    /** The given names in the order of {@link #KNOWN}, without duplicates. */
    public static List<String> ordered(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String known : KNOWN) {
            if (names.contains(known)) {
                out.add(known);
            }
        }
        return out;
    }

    private static boolean isAll(String name) {
        return name.strip().equalsIgnoreCase(ALL) || name.strip().equalsIgnoreCase("CAP_ALL");
    }
}
