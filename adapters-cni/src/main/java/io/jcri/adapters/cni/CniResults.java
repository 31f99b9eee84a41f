package io.jcri.adapters.cni;

import io.jcri.domain.network.PodIps;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the pod's addresses out of a CNI result. Results of 0.3.x, 0.4.0 and 1.0.0 list them in
 * {@code ips} (each with an {@code address} in CIDR form and, optionally, the index of its
 * interface in {@code interfaces}); 0.1.0 and 0.2.0 results have {@code ip4.ip} and {@code
 * ip6.ip}. Addresses of interfaces inside the pod's namespace (those with a {@code sandbox}) are
 * preferred; when the result does not say which interface an address is on, every address counts.
 */
final class CniResults {
    private CniResults() {}

    /** The addresses, without prefix length, in result order; empty when the result has none. */
    static List<String> ips(JsonNode result) {
        List<String> all = new ArrayList<>();
        List<String> inSandbox = new ArrayList<>();
        JsonNode ips = result.get("ips");
        JsonNode interfaces = result.get("interfaces");
        if (ips != null && ips.isArray()) {
            for (JsonNode ip : ips) {
                String address = text(ip.get("address"));
                if (address.isEmpty()) {
                    continue;
                }
                String bare = stripPrefix(address);
                all.add(bare);
                JsonNode index = ip.get("interface");
                if (index != null && index.isIntegralNumber() && interfaces != null && interfaces.isArray()) {
                    JsonNode iface = interfaces.get(index.asInt());
                    if (iface != null && !text(iface.get("sandbox")).isEmpty()) {
                        inSandbox.add(bare);
                    }
                }
            }
        }
        for (String legacy : List.of("ip4", "ip6")) {
            JsonNode node = result.get(legacy);
            if (node != null && node.isObject()) {
                String address = text(node.get("ip"));
                if (!address.isEmpty()) {
                    all.add(stripPrefix(address));
                }
            }
        }
        return inSandbox.isEmpty() ? List.copyOf(all) : List.copyOf(inSandbox);
    }

    /** The pod's IPs, or null when the result holds no address. */
    static PodIps podIps(JsonNode result) {
        List<String> ips = ips(result);
        return ips.isEmpty() ? null : new PodIps(ips);
    }

    private static String stripPrefix(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : "";
    }
}
