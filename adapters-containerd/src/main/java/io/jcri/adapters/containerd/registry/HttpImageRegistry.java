package io.jcri.adapters.containerd.registry;

import io.jcri.adapters.containerd.oci.OciDocuments;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.out.ImageRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link ImageRegistry} over OCI distribution v2 with {@link java.net.http.HttpClient}. Hosts come
 * from the hosts.toml tree; each is tried in order until one answers (the error of the last one,
 * with what the others said, is reported). Manifests and configs are read whole and checked
 * against their digests (sha256 or sha512); blobs stream, capped at their declared size (containerd
 * checks their digest at commit).
 */
public final class HttpImageRegistry implements ImageRegistry {
    private static final int MAX_DOCUMENT = 8 << 20;
    private static final String MANIFEST_ACCEPT = String.join(
            ", ", Descriptor.OCI_INDEX, Descriptor.DOCKER_LIST, Descriptor.OCI_MANIFEST, Descriptor.DOCKER_MANIFEST);

    private final RegistryHosts hosts;
    private final RegistryTransport transport;
    private final Duration blobTimeout;

    /**
     * @param configPath the hosts.toml tree ({@code jcri.registry.config-path})
     * @param requestTimeout how long to wait for a registry's answer to one request
     */
    public HttpImageRegistry(Path configPath, Duration requestTimeout) {
        this.hosts = new RegistryHosts(configPath);
        this.transport = new RegistryTransport(new HttpClients(Duration.ofSeconds(30)), requestTimeout);
        // a blob's answer may take longer: the puller's progress timeout is the real bound
        this.blobTimeout = requestTimeout.multipliedBy(4).compareTo(Duration.ofMinutes(1)) > 0
                ? requestTimeout.multipliedBy(4)
                : Duration.ofMinutes(1);
    }

    @Override
    public RemoteImage resolve(ImageReference ref, RegistryAuth auth, Platform platform) {
        String what = "image " + ref;
        Predicate<RegistryHost> resolver = ref.digest() != null ? RegistryHost::canPull : RegistryHost::canResolve;
        Document top = onHosts(ref, resolver, what, h -> manifest(h, ref, auth, ref.object(), null, what));
        Document index = null;
        Document manifest = top;
        if (top.descriptor().isIndex()) {
            index = top;
            OciDocuments.Entry entry = OciDocuments.select(OciDocuments.index(top.bytes()), platform, what);
            Descriptor wanted = entry.descriptor();
            manifest = onHosts(
                    ref, RegistryHost::canPull, what, h -> manifest(h, ref, auth, wanted.digest(), wanted, what));
        }
        if (!manifest.descriptor().isManifest()) {
            throw new JcriException.InvalidArgument(
                    what + ": manifest media type " + manifest.descriptor().mediaType() + " is not supported");
        }
        OciDocuments.Manifest m = OciDocuments.manifest(manifest.bytes());
        Descriptor configDesc = m.config();
        Document config = onHosts(ref, RegistryHost::canPull, what, h -> {
            byte[] bytes = blobWhole(h, ref, auth, configDesc, what);
            OciDocuments.verify(what + " config", configDesc, bytes);
            return new Document(configDesc, bytes);
        });
        return new RemoteImage(index, manifest, config, m.layers(), OciDocuments.config(config.bytes()));
    }

    @Override
    public InputStream openBlob(ImageReference ref, RegistryAuth auth, Descriptor blob, long offset) {
        String what = "image " + ref + " layer " + blob.digest();
        return onHosts(ref, RegistryHost::canPull, what, h -> {
            Map<String, String> headers = offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
            HttpResponse<InputStream> r =
                    transport.get(h, ref.path(), auth, blobUri(h, ref, blob.digest()), headers, what, blobTimeout);
            check(r, h, what);
            InputStream body = r.body();
            if (offset > 0 && r.statusCode() != 206) {
                try {
                    body.skipNBytes(offset);
                } catch (IOException e) {
                    RegistryTransport.close(r);
                    throw RegistryFailures.transport(what, h.name(), e);
                }
            }
            return blob.size() < 0 ? body : new CappedBlobStream(body, blob, offset, what + " from " + h.name());
        });
    }

    private Document manifest(
            RegistryHost h, ImageReference ref, RegistryAuth auth, String object, Descriptor expected, String what) {
        URI uri = URI.create(h.root() + "/" + ref.path() + "/manifests/" + object);
        HttpResponse<InputStream> r = transport.get(h, ref.path(), auth, uri, Map.of("Accept", MANIFEST_ACCEPT), what);
        check(r, h, what);
        byte[] bytes = readWhole(r, h, what);
        String contentType = r.headers().firstValue("Content-Type").orElse("");
        String mediaType = OciDocuments.mediaType(bytes, contentType);
        if (mediaType.startsWith("application/vnd.docker.distribution.manifest.v1")) {
            throw new JcriException.InvalidArgument(what + ": Docker schema 1 manifests are not supported");
        }
        String digest;
        if (expected != null) {
            OciDocuments.verify(what + " manifest", expected, bytes);
            digest = expected.digest();
        } else if (OciDocuments.verifiable(object)) {
            // pulled by digest (sha256 or sha512): the bytes must hash to it
            OciDocuments.verify(what + " manifest", new Descriptor(mediaType, object, -1), bytes);
            digest = object;
        } else {
            digest = OciDocuments.sha256(bytes);
            String declared = r.headers().firstValue("Docker-Content-Digest").orElse("");
            if (declared.startsWith("sha256:") && !declared.equals(digest)) {
                throw new JcriException.InvalidArgument(what + ": " + h.name() + " declared manifest digest " + declared
                        + " but its content hashes to " + digest);
            }
        }
        return new Document(new Descriptor(mediaType, digest, bytes.length), bytes);
    }

    private byte[] blobWhole(RegistryHost h, ImageReference ref, RegistryAuth auth, Descriptor blob, String what) {
        HttpResponse<InputStream> r =
                transport.get(h, ref.path(), auth, blobUri(h, ref, blob.digest()), Map.of(), what);
        check(r, h, what);
        return readWhole(r, h, what);
    }

    private static URI blobUri(RegistryHost h, ImageReference ref, String digest) {
        return URI.create(h.root() + "/" + ref.path() + "/blobs/" + digest);
    }

    private static void check(HttpResponse<InputStream> r, RegistryHost h, String what) {
        if (r.statusCode() / 100 == 2) {
            return;
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            body = new byte[0];
        }
        throw RegistryFailures.status(what, h.name(), r.statusCode(), body);
    }

    private static byte[] readWhole(HttpResponse<InputStream> r, RegistryHost h, String what) {
        try (InputStream in = r.body()) {
            byte[] bytes = in.readNBytes(MAX_DOCUMENT + 1);
            if (bytes.length > MAX_DOCUMENT) {
                throw new JcriException.InvalidArgument(
                        what + ": document from " + h.name() + " is larger than " + MAX_DOCUMENT + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw RegistryFailures.transport(what, h.name(), e);
        }
    }

    /** Runs {@code op} on each usable host in order until one succeeds. */
    private <T> T onHosts(
            ImageReference ref, Predicate<RegistryHost> usable, String what, Function<RegistryHost, T> op) {
        List<RegistryHost> candidates =
                hosts.hosts(ref.domain()).stream().filter(usable).toList();
        if (candidates.isEmpty()) {
            throw new JcriException.FailedPrecondition(
                    what + ": no configured host for " + ref.domain() + " has the needed capability");
        }
        List<JcriException> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (RegistryHost h : candidates) {
            try {
                return op.apply(h);
            } catch (JcriException e) {
                failures.add(e);
                notes.add(h.name() + ": " + e.getMessage());
            }
        }
        // An answer (not found, refused credentials) says more than a host that could not be reached.
        int primary = failures.size() - 1;
        if (failures.get(primary) instanceof JcriException.Unavailable) {
            for (int i = 0; i < failures.size(); i++) {
                if (!(failures.get(i) instanceof JcriException.Unavailable)) {
                    primary = i;
                    break;
                }
            }
        }
        List<String> others = new ArrayList<>(notes);
        others.remove(primary);
        throw withEarlier(failures.get(primary), others);
    }

    private static JcriException withEarlier(JcriException e, List<String> earlier) {
        if (earlier.isEmpty()) {
            return e;
        }
        String msg = e.getMessage() + " (also tried " + String.join("; ", earlier) + ")";
        if (e instanceof JcriException.NotFound) {
            return new JcriException.NotFound(msg);
        }
        if (e instanceof JcriException.Unavailable) {
            return new JcriException.Unavailable(msg, e);
        }
        if (e instanceof JcriException.InvalidArgument) {
            return new JcriException.InvalidArgument(msg, e);
        }
        return e;
    }
}
