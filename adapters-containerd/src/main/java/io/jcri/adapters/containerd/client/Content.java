package io.jcri.adapters.containerd.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jcri.containerd.api.services.content.v1.ContentGrpc;
import io.jcri.containerd.api.services.content.v1.Info;
import io.jcri.containerd.api.services.content.v1.InfoRequest;
import io.jcri.containerd.api.services.content.v1.ReadContentRequest;
import io.jcri.containerd.api.services.content.v1.UpdateRequest;
import io.jcri.containerd.api.services.content.v1.WriteContentRequest;
import io.jcri.containerd.api.services.content.v1.WriteContentResponse;
import io.jcri.domain.error.JcriException;
import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * containerd's Content service: blobs by digest. Info, Update and Read run in the caller's context
 * under the metadata deadline; one Write stream (a whole blob's upload) under the transfer one.
 */
public final class Content {
    private final Calls calls;

    public Content(ContainerdClient client) {
        this(new Calls(client));
    }

    private Content(Calls calls) {
        this.calls = calls;
    }

    /** The same service, its calls sending {@code leaseId} (what they write is held by it). */
    public Content leased(String leaseId) {
        return new Content(calls.leased(leaseId));
    }

    /** Whether blob {@code digest} is in the store. */
    public boolean has(String digest) {
        try {
            calls.unary(
                    ContentGrpc.getInfoMethod(),
                    InfoRequest.newBuilder().setDigest(digest).build(),
                    calls.deadlines().metadata(),
                    digest);
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }

    /** Sets {@code labels} on blob {@code digest}, keeping its other labels. */
    public void label(String digest, Map<String, String> labels) {
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.keySet().forEach(k -> mask.addPaths("labels." + k));
        calls.unary(
                ContentGrpc.getUpdateMethod(),
                UpdateRequest.newBuilder()
                        .setInfo(Info.newBuilder().setDigest(digest).putAllLabels(labels))
                        .setUpdateMask(mask)
                        .build(),
                calls.deadlines().metadata(),
                digest);
    }

    /** The whole blob {@code digest}, refused when it is over {@code maxBytes} (for documents). */
    public byte[] read(String digest, int maxBytes, String kind) {
        return calls.stream(
                ContentGrpc.getReadMethod(),
                ReadContentRequest.newBuilder().setDigest(digest).build(),
                calls.deadlines().metadata(),
                digest,
                it -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    while (it.hasNext()) {
                        ByteString data = it.next().getData();
                        if (out.size() + data.size() > maxBytes) {
                            throw new JcriException.InvalidArgument("content " + digest + " is too large for " + kind);
                        }
                        out.writeBytes(data.toByteArray());
                    }
                    return out.toByteArray();
                });
    }

    /**
     * Opens a Write stream whose answers go to {@code responses} (a {@code ClientResponseObserver}
     * is given the request side before the call starts); it ends by the transfer deadline.
     */
    public StreamObserver<WriteContentRequest> write(StreamObserver<WriteContentResponse> responses) {
        return calls.bidi(ContentGrpc.getWriteMethod(), calls.deadlines().transfer(), responses);
    }

    /** The jcri error for a failure the Write stream of {@code digest} reported. */
    public JcriException writeFailure(String digest, StatusRuntimeException e) {
        return calls.failure(ContentGrpc.getWriteMethod(), "of " + digest, e);
    }
}
