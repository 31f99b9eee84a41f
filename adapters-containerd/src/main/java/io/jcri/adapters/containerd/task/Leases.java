package io.jcri.adapters.containerd.task;

import io.grpc.Channel;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.leases.v1.AddResourceRequest;
import io.jcri.containerd.api.services.leases.v1.CreateRequest;
import io.jcri.containerd.api.services.leases.v1.DeleteRequest;
import io.jcri.containerd.api.services.leases.v1.LeasesGrpc;
import io.jcri.containerd.api.services.leases.v1.ListRequest;
import io.jcri.containerd.api.services.leases.v1.Resource;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Lease;
import io.jcri.domain.task.LeaseResource;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** containerd's Leases service: holds snapshots and content from the garbage collector. */
final class Leases {
    /** The label containerd reads a lease's expiry from (RFC 3339). */
    static final String EXPIRE_LABEL = "containerd.io/gc.expire";

    private final ContainerdClient client;
    private final Channel channel;

    Leases(ContainerdClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
    }

    private LeasesGrpc.LeasesBlockingStub stub() {
        return LeasesGrpc.newBlockingStub(channel).withDeadlineAfter(Deadlines.SHORT_MS, TimeUnit.MILLISECONDS);
    }

    Lease create(String id, Duration expiry, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        if (expiry != null) {
            all.put(
                    EXPIRE_LABEL,
                    DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(expiry)));
        }
        var lease = client.callDetached(
                        "Leases.Create " + id,
                        () -> stub().create(CreateRequest.newBuilder()
                                .setId(id)
                                .putAllLabels(all)
                                .build()))
                .getLease();
        return new Lease(lease.getId(), lease.getLabelsMap(), Protos.instant(lease.getCreatedAt()));
    }

    void addResource(String leaseId, LeaseResource r) {
        client.callDetached(
                "Leases.AddResource " + leaseId + " " + r.type() + "/" + r.id(),
                () -> stub().addResource(AddResourceRequest.newBuilder()
                        .setId(leaseId)
                        .setResource(Resource.newBuilder().setType(r.type()).setId(r.id()))
                        .build()));
    }

    List<Lease> list(Map<String, String> labelSelector) {
        ListRequest.Builder req = ListRequest.newBuilder();
        String filter = Protos.labelFilter(labelSelector);
        if (!filter.isEmpty()) {
            req.addFilters(filter);
        }
        return client.callDetached("Leases.List", () -> stub().list(req.build())).getLeasesList().stream()
                .map(l -> new Lease(l.getId(), l.getLabelsMap(), Protos.instant(l.getCreatedAt())))
                .toList();
    }

    boolean delete(String id) {
        try {
            client.callDetached(
                    "Leases.Delete " + id,
                    () -> stub().delete(DeleteRequest.newBuilder().setId(id).build()));
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }
}
