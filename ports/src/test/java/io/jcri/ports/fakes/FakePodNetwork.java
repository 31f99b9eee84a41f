package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.NetworkConfig;
import io.jcri.domain.network.NetworkStatus;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodIps;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.ports.out.PodNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An in-memory pod network whose readiness the test sets. Namespaces are paths under {@code
 * /run/jcri-fake/netns} kept in a set (nothing touches the disk); attach hands out 10.88.0.x
 * addresses. Failures are injected per operation with {@code failNext*}: the next call of that
 * operation throws the given error and changes nothing. Every call is recorded in {@link #calls()}.
 */
public class FakePodNetwork implements PodNetwork {
    public static final Path NETNS_DIR = Path.of("/run/jcri-fake/netns");

    private volatile NetworkStatus status = new NetworkStatus.Ready(new NetworkConfig(
            "fake-net", "1.0.0", Path.of("/etc/cni/net.d/10-fake.conflist"), List.of("bridge"), "{}"));
    private final Set<String> netns = new TreeSet<>();
    private final Map<String, PodNetworkAttachment> attachments = new LinkedHashMap<>();
    private final Map<String, PodAttachRequest> requests = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger nextIp = new AtomicInteger(2);
    private Supplier<? extends RuntimeException> failCreateNetns;
    private Supplier<? extends RuntimeException> failRemoveNetns;
    private Supplier<? extends RuntimeException> failAttach;
    private Supplier<? extends RuntimeException> failDetach;

    public void status(NetworkStatus status) {
        this.status = status;
    }

    @Override
    public NetworkStatus networkStatus() {
        return status;
    }

    public synchronized void failNextCreateNetns(Supplier<? extends RuntimeException> error) {
        failCreateNetns = error;
    }

    public synchronized void failNextRemoveNetns(Supplier<? extends RuntimeException> error) {
        failRemoveNetns = error;
    }

    public synchronized void failNextAttach(Supplier<? extends RuntimeException> error) {
        failAttach = error;
    }

    public synchronized void failNextDetach(Supplier<? extends RuntimeException> error) {
        failDetach = error;
    }

    /** The calls so far, e.g. {@code createNetns sb1}, {@code attach sb1}, {@code detach sb1}. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The request the sandbox was attached with, if it is attached. */
    public synchronized Optional<PodAttachRequest> request(String sandboxId) {
        return Optional.ofNullable(requests.get(sandboxId));
    }

    @Override
    public synchronized Path createNetns(String sandboxId) {
        calls.add("createNetns " + sandboxId);
        Supplier<? extends RuntimeException> failure = failCreateNetns;
        failCreateNetns = null;
        throwIfSet(failure);
        if (sandboxId.isEmpty() || sandboxId.contains("/") || sandboxId.startsWith(".")) {
            throw new JcriException.InvalidArgument("sandbox id \"" + sandboxId + "\" cannot name a network namespace");
        }
        if (!netns.add(sandboxId)) {
            throw new JcriException.AlreadyExists("sandbox " + sandboxId + " has a network namespace already");
        }
        return NETNS_DIR.resolve(sandboxId);
    }

    @Override
    public synchronized void removeNetns(Path path) {
        calls.add("removeNetns " + path.getFileName());
        Supplier<? extends RuntimeException> failure = failRemoveNetns;
        failRemoveNetns = null;
        throwIfSet(failure);
        if (!NETNS_DIR.equals(path.getParent())) {
            throw new JcriException.InvalidArgument(path + " is not a network namespace of this pod network");
        }
        netns.remove(path.getFileName().toString());
    }

    @Override
    public synchronized List<Path> listNetns() {
        return netns.stream().map(NETNS_DIR::resolve).toList();
    }

    @Override
    public synchronized PodNetworkAttachment attach(PodAttachRequest request) {
        calls.add("attach " + request.sandboxId());
        Supplier<? extends RuntimeException> failure = failAttach;
        failAttach = null;
        throwIfSet(failure);
        if (!(status instanceof NetworkStatus.Ready ready)) {
            throw new JcriException.FailedPrecondition(
                    "pod network not ready: " + ((NetworkStatus.NotReady) status).message());
        }
        if (!NETNS_DIR.equals(request.netns().getParent())
                || !netns.contains(request.netns().getFileName().toString())) {
            throw new JcriException.FailedPrecondition("network namespace " + request.netns() + " does not exist");
        }
        if (attachments.containsKey(request.sandboxId())) {
            throw new JcriException.AlreadyExists("sandbox " + request.sandboxId() + " is attached already");
        }
        String ip = "10.88.0." + nextIp.getAndIncrement();
        PodNetworkAttachment attachment = new PodNetworkAttachment(
                request.sandboxId(),
                ready.config().name(),
                new PodIps(List.of(ip)),
                "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"" + ip + "/24\"}]}");
        attachments.put(request.sandboxId(), attachment);
        requests.put(request.sandboxId(), request);
        return attachment;
    }

    @Override
    public synchronized void detach(String sandboxId) {
        calls.add("detach " + sandboxId);
        Supplier<? extends RuntimeException> failure = failDetach;
        failDetach = null;
        throwIfSet(failure);
        attachments.remove(sandboxId);
        requests.remove(sandboxId);
    }

    @Override
    public synchronized Optional<PodNetworkAttachment> attachment(String sandboxId) {
        return Optional.ofNullable(attachments.get(sandboxId));
    }

    @Override
    public synchronized Optional<PodNetworkAttachment> attachmentInMemory(String sandboxId) {
        return attachment(sandboxId);
    }

    @Override
    public synchronized Set<String> attachedSandboxIds() {
        return Set.copyOf(attachments.keySet());
    }

    private static void throwIfSet(Supplier<? extends RuntimeException> failure) {
        if (failure != null) {
            throw failure.get();
        }
    }
}
