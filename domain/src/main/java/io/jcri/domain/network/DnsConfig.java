package io.jcri.domain.network;

import java.util.List;

/** The pod's DNS settings as the runtime hands them to network plugins that ask for them. */
public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
    public static final DnsConfig NONE = new DnsConfig(List.of(), List.of(), List.of());

    public DnsConfig {
        servers = servers == null ? List.of() : List.copyOf(servers);
        searches = searches == null ? List.of() : List.copyOf(searches);
        options = options == null ? List.of() : List.copyOf(options);
    }

    public boolean isEmpty() {
        return servers.isEmpty() && searches.isEmpty() && options.isEmpty();
    }
}
