package io.jcri.adapters.containerd.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import io.jcri.adapters.containerd.client.FakeContainerd;
import io.jcri.containerd.api.services.leases.v1.AddResourceRequest;
import io.jcri.containerd.api.services.leases.v1.CreateRequest;
import io.jcri.containerd.api.services.leases.v1.CreateResponse;
import io.jcri.containerd.api.services.leases.v1.DeleteRequest;
import io.jcri.containerd.api.services.leases.v1.LeasesGrpc;
import io.jcri.containerd.api.services.leases.v1.ListResourcesRequest;
import io.jcri.containerd.api.services.leases.v1.ListResourcesResponse;
import io.jcri.containerd.api.services.leases.v1.Resource;
import io.jcri.ports.out.ImageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerdLeasesTest {
    @TempDir
    Path dir;

    private final Leases service = new Leases();
    private FakeContainerd containerd;
    private ContainerdLeases leases;

    @BeforeEach
    void start() throws Exception {
        containerd = new FakeContainerd(dir, service);
        leases = new ContainerdLeases(new io.jcri.adapters.containerd.client.Leases(containerd.client));
    }

    @AfterEach
    void stop() throws Exception {
        containerd.close();
    }

    @Test
    void aLeaseExpiresInADayAndIsDeletedOnClose() {
        ImageStore.PullLease lease = leases.open("pull docker.io/library/busybox:latest");

        CreateRequest created = service.created.get(0);
        assertThat(created.getId()).isEqualTo(lease.id()).startsWith("jcri-");
        assertThat(created.getLabelsMap()).containsEntry("io.jcri.purpose", "pull docker.io/library/busybox:latest");
        assertThat(expiry(created)).isBetween(Duration.ofHours(23), Duration.ofHours(24));
        lease.close();
        assertThat(service.deleted).containsExactly(lease.id());
    }

    @Test
    void retainMovesWhatTheLeaseHoldsToAnHourLongLease() {
        ImageStore.PullLease lease = leases.open("pull x");
        leases.add(lease, "content", "sha256:1");
        leases.add(lease, "content", "sha256:2");

        lease.retain();
        lease.close();

        assertThat(service.created).hasSize(2);
        CreateRequest keeper = service.created.get(1);
        assertThat(keeper.getLabelsMap()).containsEntry("io.jcri.purpose", "retained after failed pull x");
        assertThat(expiry(keeper)).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
        assertThat(service.resources.get(keeper.getId()))
                .extracting(Resource::getId)
                .containsExactly("sha256:1", "sha256:2");
        assertThat(service.deleted).containsExactly(lease.id());
    }

    @Test
    void retainingAnEmptyLeaseKeepsNothingAndCloseDeletesIt() {
        ImageStore.PullLease lease = leases.open("pull x");

        lease.retain();
        assertThat(service.deleted).isEmpty();
        lease.close();

        assertThat(service.created).hasSize(1);
        assertThat(service.deleted).containsExactly(lease.id());
    }

    private static Duration expiry(CreateRequest r) {
        return Duration.between(Instant.now(), Instant.parse(r.getLabelsMap().get("containerd.io/gc.expire")));
    }

    /** Leases in memory: what was created and deleted, and what each holds. */
    private static final class Leases extends LeasesGrpc.LeasesImplBase {
        final List<CreateRequest> created = new CopyOnWriteArrayList<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        final Map<String, List<Resource>> resources = new ConcurrentHashMap<>();

        @Override
        public void create(CreateRequest r, StreamObserver<CreateResponse> out) {
            created.add(r);
            out.onNext(CreateResponse.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void delete(DeleteRequest r, StreamObserver<Empty> out) {
            deleted.add(r.getId());
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void addResource(AddResourceRequest r, StreamObserver<Empty> out) {
            resources
                    .computeIfAbsent(r.getId(), k -> new CopyOnWriteArrayList<>())
                    .add(r.getResource());
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void listResources(ListResourcesRequest r, StreamObserver<ListResourcesResponse> out) {
            out.onNext(ListResourcesResponse.newBuilder()
                    .addAllResources(resources.getOrDefault(r.getId(), List.of()))
                    .build());
            out.onCompleted();
        }
    }
}
