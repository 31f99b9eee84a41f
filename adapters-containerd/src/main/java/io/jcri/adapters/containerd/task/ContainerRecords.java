package io.jcri.adapters.containerd.task;

import com.google.protobuf.FieldMask;
import io.grpc.Channel;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.containers.v1.Container;
import io.jcri.containerd.api.services.containers.v1.ContainersGrpc;
import io.jcri.containerd.api.services.containers.v1.CreateContainerRequest;
import io.jcri.containerd.api.services.containers.v1.DeleteContainerRequest;
import io.jcri.containerd.api.services.containers.v1.GetContainerRequest;
import io.jcri.containerd.api.services.containers.v1.ListContainersRequest;
import io.jcri.containerd.api.services.containers.v1.UpdateContainerRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.NewContainerRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** containerd's Containers service: the records of jcri's containers. */
final class ContainerRecords {
    private final ContainerdClient client;
    private final Channel channel;

    ContainerRecords(ContainerdClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
    }

    private ContainersGrpc.ContainersBlockingStub stub() {
        return ContainersGrpc.newBlockingStub(channel).withDeadlineAfter(Deadlines.SHORT_MS, TimeUnit.MILLISECONDS);
    }

    ContainerRecord create(NewContainerRecord c) {
        Container created = client.callDetached(
                        "Containers.Create " + c.id(),
                        () -> stub().create(CreateContainerRequest.newBuilder()
                                .setContainer(ContainerMapper.toProto(c))
                                .build()))
                .getContainer();
        return ContainerMapper.fromProto(created);
    }

    Optional<ContainerRecord> get(String id) {
        try {
            Container c = client.callDetached(
                            "Containers.Get " + id,
                            () -> stub().get(GetContainerRequest.newBuilder()
                                    .setId(id)
                                    .build()))
                    .getContainer();
            return Optional.of(ContainerMapper.fromProto(c));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    List<ContainerRecord> list(Map<String, String> labelSelector) {
        ListContainersRequest.Builder req = ListContainersRequest.newBuilder();
        String filter = Protos.labelFilter(labelSelector);
        if (!filter.isEmpty()) {
            req.addFilters(filter);
        }
        return client.callDetached("Containers.List", () -> stub().list(req.build())).getContainersList().stream()
                .map(ContainerMapper::fromProto)
                .toList();
    }

    ContainerRecord updateLabels(String id, Map<String, String> labels) {
        Container.Builder c = Container.newBuilder().setId(id);
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.forEach((k, v) -> {
            c.putLabels(k, v);
            mask.addPaths("labels." + k);
        });
        if (labels.isEmpty()) {
            return get(id).orElseThrow(() -> new JcriException.NotFound("container " + id + " not found"));
        }
        Container updated = client.callDetached(
                        "Containers.Update " + id,
                        () -> stub().update(UpdateContainerRequest.newBuilder()
                                .setContainer(c)
                                .setUpdateMask(mask)
                                .build()))
                .getContainer();
        return ContainerMapper.fromProto(updated);
    }

    ContainerRecord updateExtension(String id, String name, String json) {
        Container c = Container.newBuilder()
                .setId(id)
                .putExtensions(name, ContainerMapper.extension(json))
                .build();
        Container updated = client.callDetached(
                        "Containers.Update " + id,
                        () -> stub().update(UpdateContainerRequest.newBuilder()
                                .setContainer(c)
                                .setUpdateMask(FieldMask.newBuilder().addPaths("extensions." + name))
                                .build()))
                .getContainer();
        return ContainerMapper.fromProto(updated);
    }

    boolean delete(String id) {
        try {
            client.callDetached(
                    "Containers.Delete " + id,
                    () -> stub().delete(DeleteContainerRequest.newBuilder()
                            .setId(id)
                            .build()));
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }
}
