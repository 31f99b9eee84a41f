package io.jcri.adapters.containerd.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One place a registry's content can be fetched from: the upstream or a mirror.
 *
 * @param root the API root, e.g. {@code https://mirror.example/v2}
 * @param capabilities {@code pull}, {@code resolve}, {@code push}
 * @param skipVerify whether TLS certificates go unchecked
 * @param caFiles extra CA certificates (PEM)
 * @param clientCerts client certificate and key file pairs (PEM)
 * @param headers extra request headers
 */
record RegistryHost(
        URI root,
        Set<String> capabilities,
        boolean skipVerify,
        List<Path> caFiles,
        List<List<Path>> clientCerts,
        Map<String, List<String>> headers) {
    boolean canPull() {
        return capabilities.contains("pull");
    }

    boolean canResolve() {
        return capabilities.contains("resolve");
    }

    /** {@code host[:port]} for messages. */
    String name() {
        return root.getAuthority();
    }

    boolean plainHttp() {
        return "http".equals(root.getScheme());
    }

    /** The key TLS-equal hosts share an HTTP client by. */
    String clientKey() {
        return root.getScheme() + "|" + skipVerify + "|" + caFiles + "|" + clientCerts;
    }
}
