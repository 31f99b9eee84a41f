package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.cri.v1.VersionResponse;
import io.jcri.domain.error.JcriException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An error that quotes a huge request field (a 70,000-character container ID) goes out with its
 * message cut short: over a real HTTP/2 connection a status message larger than the client's
 * header limit would fail that client's connection, and so every call the kubelet has on it.
 */
class LongErrorMessagesTest {
    Server server;
    ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        RuntimeServiceGrpc.RuntimeServiceImplBase echoing = new RuntimeServiceGrpc.RuntimeServiceImplBase() {
            @Override
            public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
                GrpcCalls.unary(observer, () -> {
                    if (request.getVersion().length() > 100) {
                        throw new JcriException.NotFound("container \"" + request.getVersion() + "\" not found");
                    }
                    return VersionResponse.newBuilder().setVersion("0.1.0").build();
                });
            }
        };
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(echoing, new CriCallInterceptor()))
                .build()
                .start();
        channel = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void aHugeIdInAnErrorIsCutAndTheConnectionStaysUsable() {
        var stub = RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        String huge = "\u00e9x".repeat(35_000);
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> stub.version(VersionRequest.newBuilder().setVersion(huge).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription())
                .startsWith("container \"\u00e9x\u00e9x")
                .contains("not found");
        assertThat(e.getStatus().getDescription().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(ErrorStatus.MAX_DESCRIPTION_BYTES + 100);
        assertThat(stub.version(VersionRequest.getDefaultInstance()).getVersion())
                .isEqualTo("0.1.0");
    }

    @Test
    void aShortMessageIsKeptAsItIs() {
        assertThat(ErrorStatus.bounded(Status.NOT_FOUND.withDescription("container \"c1\" not found"))
                        .getDescription())
                .isEqualTo("container \"c1\" not found");
    }
}
