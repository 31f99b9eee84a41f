package io.jcri.adapters.containerd.registry;

import io.jcri.domain.error.JcriException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where to fetch a registry's content from, configured like containerd: {@code
 * <configPath>/<host>/hosts.toml} (a host with a port may also use the directory {@code
 * host_port_}), else {@code <configPath>/_default/hosts.toml}, else the registry itself over
 * HTTPS ({@code registry-1.docker.io} for {@code docker.io}). In a file, the {@code [host."…"]}
 * entries are tried in file order, then {@code server} (the registry itself when not set). Plain HTTP only where a URL says {@code
 * http://}.
 */
final class RegistryHosts {
    private static final Set<String> ALL = Set.of("pull", "resolve", "push");
    private final Path configPath;

    RegistryHosts(Path configPath) {
        this.configPath = configPath;
    }

    List<RegistryHost> hosts(String registry) {
        Path file = file(registry);
        if (file == null) {
            return List.of(defaultHost(registry));
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new JcriException.Unavailable(
                    "registry hosts config " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, Object> doc;
        try {
            doc = HostsToml.parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new JcriException.InvalidArgument("registry hosts config " + e.getMessage(), e);
        }
        Path dir = file.getParent();
        List<RegistryHost> hosts = new ArrayList<>();
        if (doc.get("host") instanceof Map<?, ?> table) {
            for (Map.Entry<?, ?> e : table.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> settings)) {
                    throw new JcriException.InvalidArgument(
                            "registry hosts config " + file + ": host \"" + e.getKey() + "\" is not a table");
                }
                hosts.add(host(String.valueOf(e.getKey()), settings, dir, file));
            }
        }
        Object server = doc.get("server");
        if (server instanceof String s && !s.isBlank()) {
            hosts.add(host(s, doc, dir, file));
        } else {
            hosts.add(host(defaultHost(registry).root().toString(), doc, dir, file));
        }
        return List.copyOf(hosts);
    }

    private Path file(String registry) {
        List<String> dirs = new ArrayList<>();
        int colon = registry.lastIndexOf(':');
        if (colon > 0 && !registry.endsWith("]")) {
            dirs.add(registry.substring(0, colon) + "_" + registry.substring(colon + 1) + "_");
        }
        dirs.add(registry);
        dirs.add("_default");
        for (String d : dirs) {
            Path f = configPath.resolve(d).resolve("hosts.toml");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    static RegistryHost defaultHost(String registry) {
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        return new RegistryHost(URI.create("https://" + host + "/v2"), ALL, false, List.of(), List.of(), Map.of());
    }

    private static RegistryHost host(String url, Map<?, ?> s, Path dir, Path file) {
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url : "https://" + url);
        } catch (IllegalArgumentException e) {
            throw new JcriException.InvalidArgument("registry hosts config " + file + ": '" + url + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getAuthority() == null) {
            throw new JcriException.InvalidArgument(
                    "registry hosts config " + file + ": '" + url + "' is not an http(s) URL with a host");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean override = Boolean.TRUE.equals(s.get("override_path"));
        if (!override && !path.endsWith("/v2")) {
            path = path + "/v2";
        }
        URI root = URI.create(uri.getScheme() + "://" + uri.getAuthority() + path);
        Set<String> caps = ALL;
        if (s.get("capabilities") instanceof List<?> list) {
            caps = new LinkedHashSet<>();
            for (Object o : list) {
                caps.add(String.valueOf(o));
            }
        }
        boolean skip = Boolean.TRUE.equals(s.get("skip_verify"));
        List<Path> cas = new ArrayList<>();
        for (Object o : asList(s.get("ca"))) {
            cas.add(dir.resolve(String.valueOf(o)));
        }
        List<List<Path>> clients = new ArrayList<>();
        for (Object o : asList(s.get("client"))) {
            if (o instanceof List<?> pair) {
                List<Path> p = new ArrayList<>();
                for (Object x : pair) {
                    p.add(dir.resolve(String.valueOf(x)));
                }
                clients.add(p);
            } else {
                clients.add(List.of(dir.resolve(String.valueOf(o))));
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (s.get("header") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(
                    String.valueOf(k), asList(v).stream().map(String::valueOf).toList()));
        }
        return new RegistryHost(
                root, Set.copyOf(caps), skip, List.copyOf(cas), List.copyOf(clients), Map.copyOf(headers));
    }

    private static List<?> asList(Object o) {
        if (o == null) {
            return List.of();
        }
        return o instanceof List<?> l ? l : List.of(o);
    }
}
