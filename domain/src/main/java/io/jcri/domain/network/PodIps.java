package io.jcri.domain.network;

import java.util.List;

/**
 * The addresses a pod got on its network, without prefix length, in the order the network
 * reported them. The primary one is the first IPv4 address, or the first address when there is
 * no IPv4 one.
 */
public record PodIps(List<String> all) {
    public PodIps {
        all = List.copyOf(all);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a pod has at least one IP");
        }
    }

    public String primary() {
        return all.stream().filter(PodIps::isIpv4).findFirst().orElse(all.get(0));
    }

    /** The addresses other than the primary one, in order. */
    public List<String> additional() {
        String primary = primary();
        return all.stream().filter(ip -> !ip.equals(primary)).toList();
    }

    public static boolean isIpv4(String ip) {
        return ip.indexOf(':') < 0;
    }
}
