package io.jcri.it.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.CreateContainerResponse;
import io.jcri.cri.v1.ImageServiceGrpc;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxResponse;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of one run: each picks an RPC of RuntimeService or ImageService, and sends its
 * valid request, the valid request mutated field by field, a random one, the valid one with
 * invalid UTF-8 in a string field, or random bytes; now and then a burst of concurrent calls on
 * one object (create and remove of one pod or container, the same pod run twice). Each answer is
 * checked by {@link Verdicts} and counted in the {@link Tally}.
 */
final class FuzzRun {
    static final List<MethodDescriptor<?, ?>> METHODS = methods();

    private final RawCalls calls;
    private final FuzzState state;
    private final Templates templates;
    private final Path scratch;
    private final Tally tally;
    private final ExecutorService burstPool;
    private final AtomicLong left;

    FuzzRun(
            RawCalls calls,
            FuzzState state,
            Templates templates,
            Path scratch,
            Tally tally,
            ExecutorService burstPool,
            long requests) {
        this.calls = calls;
        this.state = state;
        this.templates = templates;
        this.scratch = scratch;
        this.tally = tally;
        this.burstPool = burstPool;
        this.left = new AtomicLong(requests);
    }

    private static List<MethodDescriptor<?, ?>> methods() {
        List<MethodDescriptor<?, ?>> all = new ArrayList<>();
        all.addAll(RuntimeServiceGrpc.getServiceDescriptor().getMethods());
        all.addAll(ImageServiceGrpc.getServiceDescriptor().getMethods());
        return List.copyOf(all);
    }

    static Message prototype(MethodDescriptor<?, ?> m) {
        return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) m.getRequestMarshaller()).getMessagePrototype();
    }

    /** One worker's share: requests drawn from {@code random} until the run's count is reached. */
    void work(SplittableRandom random) {
        FuzzValues values = new FuzzValues(random, state, scratch);
        MessageFuzzer fuzzer = new MessageFuzzer(values);
        while (left.get() > 0) {
            int kind = random.nextInt(100);
            if (kind >= 98) {
                burst(random);
                continue;
            }
            MethodDescriptor<?, ?> m = METHODS.get(random.nextInt(METHODS.size()));
            String rpc = m.getBareMethodName();
            Message valid = templates.of(rpc, random, prototype(m));
            List<String> changed = new ArrayList<>();
            if (kind < 22) {
                send(m, "valid", valid, null, changed);
            } else if (kind < 60) {
                send(m, "mutated", fuzzer.mutate(valid, changed), null, changed);
            } else if (kind < 82) {
                send(m, "random", fuzzer.random(prototype(m)), null, changed);
            } else if (kind < 92) {
                byte[] bad = fuzzer.invalidUtf8(valid, changed);
                send(m, "invalid-utf8", valid, bad == null ? valid.toByteArray() : bad, changed);
            } else {
                send(m, "garbage", null, fuzzer.garbage(), changed);
            }
        }
    }

    /** Sends one request (as {@code raw} bytes when given) and checks and counts its answer. */
    RawCalls.Answer send(MethodDescriptor<?, ?> m, String kind, Message request, byte[] raw, List<String> changed) {
        if (left.getAndDecrement() <= 0) {
            return new RawCalls.Answer(Status.CANCELLED, List.of());
        }
        String rpc = m.getBareMethodName();
        boolean endless = m.getType() != MethodDescriptor.MethodType.UNARY;
        long timeout = endless ? 500 : 30_000;
        RawCalls.Answer a = calls.call(m, raw != null ? raw : request.toByteArray(), timeout);
        Message seen = request != null || raw == null ? request : parsedOrNull(m, raw);
        // bytes that are no message of the request's type (the check is protobuf's, as the server's)
        boolean malformed = raw != null && parsedOrNull(m, raw) == null;
        tally.answer(rpc, kind, a.status().getCode());
        Verdicts.check(rpc, seen, changed, malformed, endless, a.status())
                .ifPresent(rule -> tally.violation(new Tally.Violation(
                        rule,
                        rpc,
                        summary(kind, seen, raw, changed),
                        a.status().getCode(),
                        a.status().getDescription())));
        if (a.status().isOk()) {
            remember(rpc, a);
        }
        return a;
    }

    private static Message parsedOrNull(MethodDescriptor<?, ?> m, byte[] raw) {
        try {
            return prototype(m).getParserForType().parsePartialFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private void remember(String rpc, RawCalls.Answer a) {
        if (rpc.equals("RunPodSandbox")) {
            state.addPod(parse(
                    () -> RunPodSandboxResponse.parseFrom(a.messages().get(0)).getPodSandboxId()));
        } else if (rpc.equals("CreateContainer")) {
            state.addContainer(parse(
                    () -> CreateContainerResponse.parseFrom(a.messages().get(0)).getContainerId()));
        }
    }

    private static String summary(String kind, Message request, byte[] raw, List<String> changed) {
        String what = request == null ? "" : TextFormat.shortDebugString(request);
        String how = raw != null ? kind + " (" + raw.length + " bytes)" : kind;
        return "[" + how + (changed.isEmpty() ? "" : " " + changed) + "] {" + Tally.clip(what, 240) + "}";
    }

    /** Concurrent calls on one new object: its removal racing its use and a duplicate of its creation. */
    private void burst(SplittableRandom random) {
        String name = "b" + Long.toHexString(random.nextLong() & 0xffffffffffL);
        MethodDescriptor<?, ?> run = RuntimeServiceGrpc.getRunPodSandboxMethod();
        Message pod =
                RunPodSandboxRequest.newBuilder().setConfig(templates.pod(name)).build();
        boolean twice = random.nextBoolean();
        String podId = race(List.of(run, run).subList(0, twice ? 2 : 1), List.of(pod, pod)).stream()
                .filter(a -> a.status().isOk())
                .map(a -> parse(() ->
                        RunPodSandboxResponse.parseFrom(a.messages().get(0)).getPodSandboxId()))
                .findFirst()
                .orElse("");
        RawCalls.Answer created = send(
                RuntimeServiceGrpc.getCreateContainerMethod(),
                "concurrent",
                CreateContainerRequest.newBuilder()
                        .setPodSandboxId(podId)
                        .setConfig(templates.container("c" + name))
                        .setSandboxConfig(templates.pod(name))
                        .build(),
                null,
                List.of());
        String ctr = created.status().isOk()
                ? parse(() -> CreateContainerResponse.parseFrom(
                                created.messages().get(0))
                        .getContainerId())
                : "";
        race(
                List.of(
                        RuntimeServiceGrpc.getStartContainerMethod(),
                        RuntimeServiceGrpc.getRemovePodSandboxMethod(),
                        RuntimeServiceGrpc.getRemoveContainerMethod(),
                        RuntimeServiceGrpc.getStopContainerMethod(),
                        RuntimeServiceGrpc.getCreateContainerMethod(),
                        RuntimeServiceGrpc.getStopPodSandboxMethod(),
                        RuntimeServiceGrpc.getContainerStatusMethod(),
                        RuntimeServiceGrpc.getRemovePodSandboxMethod()),
                List.of(
                        StartContainerRequest.newBuilder().setContainerId(ctr).build(),
                        RemovePodSandboxRequest.newBuilder()
                                .setPodSandboxId(podId)
                                .build(),
                        RemoveContainerRequest.newBuilder().setContainerId(ctr).build(),
                        StopContainerRequest.newBuilder().setContainerId(ctr).build(),
                        CreateContainerRequest.newBuilder()
                                .setPodSandboxId(podId)
                                .setConfig(templates.container("d" + name))
                                .setSandboxConfig(templates.pod(name))
                                .build(),
                        StopPodSandboxRequest.newBuilder()
                                .setPodSandboxId(podId)
                                .build(),
                        ContainerStatusRequest.newBuilder().setContainerId(ctr).build(),
                        RemovePodSandboxRequest.newBuilder()
                                .setPodSandboxId(podId)
                                .build()));
    }

    private List<RawCalls.Answer> race(List<MethodDescriptor<?, ?>> methods, List<Message> requests) {
        List<CompletableFuture<RawCalls.Answer>> all = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            MethodDescriptor<?, ?> m = methods.get(i);
            Message request = requests.get(i);
            all.add(CompletableFuture.supplyAsync(() -> send(m, "concurrent", request, null, List.of()), burstPool));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    /** A response's field; the response of an OK answer always parses. */
    interface ProtoRead {
        String read() throws InvalidProtocolBufferException;
    }

    private static String parse(ProtoRead read) {
        try {
            return read.read();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an OK answer's response does not parse", e);
        }
    }
}
