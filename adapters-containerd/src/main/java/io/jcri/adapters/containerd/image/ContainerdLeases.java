package io.jcri.adapters.containerd.image;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.leases.v1.AddResourceRequest;
import io.jcri.containerd.api.services.leases.v1.CreateRequest;
import io.jcri.containerd.api.services.leases.v1.DeleteRequest;
import io.jcri.containerd.api.services.leases.v1.LeasesGrpc;
import io.jcri.containerd.api.services.leases.v1.ListResourcesRequest;
import io.jcri.containerd.api.services.leases.v1.Resource;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ImageStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pull leases on containerd's leases service: created with an expiry, moved to a short one when retained. */
final class ContainerdLeases {
    private static final Logger log = LoggerFactory.getLogger(ContainerdLeases.class);
    static final Metadata.Key<String> LEASE_HEADER =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);
    /** A running pull's lease outlives a jcri that died mid-pull by this much at most. */
    private static final Duration RUNNING_EXPIRY = Duration.ofHours(24);
    /** What a failed pull downloaded is kept this long for the next attempt. */
    private static final Duration RETAINED_EXPIRY = Duration.ofHours(1);

    private final ContainerdClient client;

    ContainerdLeases(ContainerdClient client) {
        this.client = client;
    }

    /** A new lease for {@code purpose}, expiring by itself should jcri die before releasing it. */
    ImageStore.Lease open(String purpose) {
        return new PullLease(createLease(purpose, RUNNING_EXPIRY), purpose);
    }

    /** Adds the resource {@code type}/{@code id} to {@code lease}. */
    void add(ImageStore.Lease lease, String type, String id) {
        client.call(
                "lease add " + type + " " + id,
                () -> LeasesGrpc.newBlockingStub(client.channel())
                        .addResource(AddResourceRequest.newBuilder()
                                .setId(lease.id())
                                .setResource(Resource.newBuilder().setId(id).setType(type))
                                .build()));
    }

    /** Sends {@code lease}'s id with every call, so what the call creates is held by it. */
    static ClientInterceptor leased(ImageStore.Lease lease) {
        Metadata md = new Metadata();
        md.put(LEASE_HEADER, lease.id());
        return MetadataUtils.newAttachHeadersInterceptor(md);
    }

    private String createLease(String purpose, Duration expiry) {
        String id = "jcri-" + UUID.randomUUID();
        String expire =
                Instant.now().plus(expiry).truncatedTo(ChronoUnit.SECONDS).toString();
        client.call(
                "lease create for " + purpose,
                () -> LeasesGrpc.newBlockingStub(client.channel())
                        .create(CreateRequest.newBuilder()
                                .setId(id)
                                .putLabels("containerd.io/gc.expire", expire)
                                .putLabels(
                                        "io.jcri.purpose", purpose.length() > 200 ? purpose.substring(0, 200) : purpose)
                                .build()));
        return id;
    }

    /** Moves what lease {@code id} holds to a new, shorter lease; false when it held nothing. */
    private boolean moveToRetained(String id, String purpose) {
        // Leases cannot be updated: move what this one holds to a new, shorter one.
        LeasesGrpc.LeasesBlockingStub leases = LeasesGrpc.newBlockingStub(client.channel());
        var resources = client.call(
                "lease resources " + id,
                () -> leases.listResources(
                        ListResourcesRequest.newBuilder().setId(id).build()));
        if (resources.getResourcesCount() == 0) {
            return false;
        }
        String keeper = createLease("retained after failed " + purpose, RETAINED_EXPIRY);
        for (Resource r : resources.getResourcesList()) {
            client.call(
                    "lease add " + r.getType() + " " + r.getId(),
                    () -> leases.addResource(AddResourceRequest.newBuilder()
                            .setId(keeper)
                            .setResource(r)
                            .build()));
        }
        return true;
    }

    private void delete(String id) {
        try {
            client.call(
                    "lease delete " + id,
                    () -> LeasesGrpc.newBlockingStub(client.channel())
                            .delete(DeleteRequest.newBuilder().setId(id).build()));
        } catch (JcriException.NotFound e) {
            // gone already
        } catch (JcriException e) {
            log.warn("lease {} not released (it expires by itself): {}", id, e.getMessage());
        }
    }

    /** One pull's lease: released on close unless retained. */
    private final class PullLease implements ImageStore.Lease {
        private final String id;
        private final String purpose;
        private volatile boolean retained;

        PullLease(String id, String purpose) {
            this.id = id;
            this.purpose = purpose;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void retain() {
            if (!moveToRetained(id, purpose)) {
                return;
            }
            retained = true;
            delete(id);
        }

        @Override
        public void close() {
            if (!retained) {
                delete(id);
            }
        }
    }
}
