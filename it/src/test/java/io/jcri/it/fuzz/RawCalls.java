package io.jcri.it.fuzz;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Calls of any CRI method with the request as bytes, so bytes no message would have can be sent. */
final class RawCalls {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** What came back: the status, and the response messages (one for a unary call). */
    record Answer(Status status, List<byte[]> messages) {}

    private final Channel channel;

    RawCalls(Channel channel) {
        this.channel = channel;
    }

    static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(method.getType())
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    Answer call(MethodDescriptor<?, ?> method, byte[] request, long timeoutMillis) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
        List<byte[]> messages = new ArrayList<>();
        try {
            if (method.getType() == MethodDescriptor.MethodType.UNARY) {
                messages.add(ClientCalls.blockingUnaryCall(channel, raw(method), options, request));
            } else {
                Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, raw(method), options, request);
                while (it.hasNext()) {
                    messages.add(it.next());
                }
            }
            return new Answer(Status.OK, messages);
        } catch (StatusRuntimeException e) {
            return new Answer(e.getStatus(), messages);
        }
    }
}
