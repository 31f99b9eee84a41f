package io.jcri.adapters.containerd.client;

import io.grpc.MethodDescriptor;
import io.jcri.containerd.api.services.leases.v1.AddResourceRequest;
import io.jcri.containerd.api.services.leases.v1.CreateRequest;
import io.jcri.containerd.api.services.leases.v1.DeleteRequest;
import io.jcri.containerd.api.services.leases.v1.LeasesGrpc;
import io.jcri.containerd.api.services.leases.v1.ListRequest;
import io.jcri.containerd.api.services.leases.v1.ListResourcesRequest;
import io.jcri.containerd.api.services.leases.v1.Resource;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Lease;
import io.jcri.domain.task.LeaseResource;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * containerd's Leases service: holds snapshots and content from the garbage collector. Every call
 * is detached (see {@link ContainerdClient#callDetached}) under the metadata deadline, so that a
 * lease is made and released whatever the CRI caller's deadline.
 */
public final class Leases {
    /** The label containerd reads a lease's expiry from (RFC 3339). */
    public static final String EXPIRE_LABEL = "containerd.io/gc.expire";

    private final Calls calls;

    public Leases(ContainerdClient client) {
        this.calls = new Calls(client);
    }

    private <Q, R> R call(MethodDescriptor<Q, R> method, Q request, String object) {
        return calls.detached(method, request, calls.deadlines().metadata(), object);
    }

    /** A lease {@code id} with {@code labels}, expiring after {@code expiry} (null for never). */
    public Lease create(String id, Duration expiry, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        if (expiry != null) {
            all.put(
                    EXPIRE_LABEL,
                    DateTimeFormatter.ISO_INSTANT.format(
                            Instant.now().plus(expiry).truncatedTo(ChronoUnit.SECONDS)));
        }
        var lease = call(
                        LeasesGrpc.getCreateMethod(),
                        CreateRequest.newBuilder().setId(id).putAllLabels(all).build(),
                        id)
                .getLease();
        return new Lease(lease.getId(), lease.getLabelsMap(), Protos.instant(lease.getCreatedAt()));
    }

    public void addResource(String leaseId, LeaseResource r) {
        call(
                LeasesGrpc.getAddResourceMethod(),
                AddResourceRequest.newBuilder()
                        .setId(leaseId)
                        .setResource(Resource.newBuilder().setType(r.type()).setId(r.id()))
                        .build(),
                leaseId + " " + r.type() + "/" + r.id());
    }

    public List<Lease> list(Map<String, String> labelSelector) {
        ListRequest.Builder req = ListRequest.newBuilder();
        String filter = Protos.labelFilter(labelSelector);
        if (!filter.isEmpty()) {
            req.addFilters(filter);
        }
        return call(LeasesGrpc.getListMethod(), req.build(), "").getLeasesList().stream()
                .map(l -> new Lease(l.getId(), l.getLabelsMap(), Protos.instant(l.getCreatedAt())))
                .toList();
    }

    /** What lease {@code id} holds. */
    public List<LeaseResource> resources(String id) {
        return call(
                        LeasesGrpc.getListResourcesMethod(),
                        ListResourcesRequest.newBuilder().setId(id).build(),
                        id)
                .getResourcesList()
                .stream()
                .map(r -> new LeaseResource(r.getType(), r.getId()))
                .toList();
    }

    /** Deletes lease {@code id}; false when there was none. */
    public boolean delete(String id) {
        try {
            call(
                    LeasesGrpc.getDeleteMethod(),
                    DeleteRequest.newBuilder().setId(id).build(),
                    id);
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }
}
