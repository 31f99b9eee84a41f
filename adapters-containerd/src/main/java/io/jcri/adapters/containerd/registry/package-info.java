/** The registry client for pulls: hosts.toml resolution, TLS, auth (Basic, Bearer tokens), manifests and blobs over HTTP. */
@NullMarked
package io.jcri.adapters.containerd.registry;

import org.jspecify.annotations.NullMarked;
