package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.Leases;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.LeaseResource;
import io.jcri.ports.out.ImageStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pull leases on containerd's Leases service: created with an expiry, moved to a short one when retained. */
final class ContainerdLeases {
    private static final Logger log = LoggerFactory.getLogger(ContainerdLeases.class);
    /** A running pull's lease outlives a jcri that died mid-pull by this much at most. */
    private static final Duration RUNNING_EXPIRY = Duration.ofHours(24);
    /** What a failed pull downloaded is kept this long for the next attempt. */
    private static final Duration RETAINED_EXPIRY = Duration.ofHours(1);

    private final Leases leases;

    ContainerdLeases(Leases leases) {
        this.leases = leases;
    }

    /** A new lease for {@code purpose}, expiring by itself should jcri die before releasing it. */
    ImageStore.PullLease open(String purpose) {
        return new HeldLease(createLease(purpose, RUNNING_EXPIRY), purpose);
    }

    /** Adds the resource {@code type}/{@code id} to {@code lease}. */
    void add(ImageStore.PullLease lease, String type, String id) {
        leases.addResource(lease.id(), new LeaseResource(type, id));
    }

    private String createLease(String purpose, Duration expiry) {
        String id = "jcri-" + UUID.randomUUID();
        leases.create(
                id, expiry, Map.of("io.jcri.purpose", purpose.length() > 200 ? purpose.substring(0, 200) : purpose));
        return id;
    }

    /** Moves what lease {@code id} holds to a new, shorter lease; false when it held nothing. */
    private boolean moveToRetained(String id, String purpose) {
        // Leases cannot be updated: move what this one holds to a new, shorter one.
        List<LeaseResource> resources = leases.resources(id);
        if (resources.isEmpty()) {
            return false;
        }
        String keeper = createLease("retained after failed " + purpose, RETAINED_EXPIRY);
        for (LeaseResource r : resources) {
            leases.addResource(keeper, r);
        }
        return true;
    }

    private void delete(String id) {
        try {
            leases.delete(id);
        } catch (JcriException e) {
            log.warn("lease {} not released (it expires by itself): {}", id, e.getMessage());
        }
    }

    /** One pull's lease: released on close unless retained. */
    private final class HeldLease implements ImageStore.PullLease {
        private final String id;
        private final String purpose;
        private volatile boolean retained;

        HeldLease(String id, String purpose) {
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
