package io.jcri.adapters.cri;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.jcri.cri.v1.ImageServiceGrpc;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.ports.threads.NamedThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where CRI calls run: calls that wait on containers, images or the network (pulls, pod and
 * container lifecycle, ExecSync) on one pool, and everything else (Status, List*, *Status, stats,
 * Exec/Attach/PortForward URLs) on another, so a burst of slow calls never delays the short ones
 * the kubelet polls and times out on. Both pools are bounded and queue what exceeds them; with a
 * meter registry their threads and queues show up as {@code executor_*{name="cri.long"|"cri.short"}}.
 */
public final class CriCallExecutors implements ServerCallExecutorSupplier, AutoCloseable {
    /** The methods that may take seconds or minutes. */
    static final Set<String> LONG_CALLS = Set.of(
            RuntimeServiceGrpc.getRunPodSandboxMethod().getFullMethodName(),
            RuntimeServiceGrpc.getStopPodSandboxMethod().getFullMethodName(),
            RuntimeServiceGrpc.getRemovePodSandboxMethod().getFullMethodName(),
            RuntimeServiceGrpc.getCreateContainerMethod().getFullMethodName(),
            RuntimeServiceGrpc.getStartContainerMethod().getFullMethodName(),
            RuntimeServiceGrpc.getStopContainerMethod().getFullMethodName(),
            RuntimeServiceGrpc.getRemoveContainerMethod().getFullMethodName(),
            RuntimeServiceGrpc.getExecSyncMethod().getFullMethodName(),
            RuntimeServiceGrpc.getUpdateContainerResourcesMethod().getFullMethodName(),
            RuntimeServiceGrpc.getUpdatePodSandboxResourcesMethod().getFullMethodName(),
            RuntimeServiceGrpc.getReopenContainerLogMethod().getFullMethodName(),
            RuntimeServiceGrpc.getCheckpointContainerMethod().getFullMethodName(),
            ImageServiceGrpc.getPullImageMethod().getFullMethodName(),
            ImageServiceGrpc.getRemoveImageMethod().getFullMethodName(),
            ImageServiceGrpc.getImageFsInfoMethod().getFullMethodName());

    /** Threads for short and for long calls. */
    public record Settings(int shortThreads, int longThreads) {
        public static final Settings DEFAULTS = new Settings(8, 64);
    }

    private final ThreadPoolExecutor shortCalls;
    private final ThreadPoolExecutor longCalls;

    /**
     * @param shortThreads threads for short calls
     * @param longThreads threads for long calls
     * @param meters where to report the pools, or null
     */
    public CriCallExecutors(int shortThreads, int longThreads, MeterRegistry meters) {
        if (shortThreads < 1 || longThreads < 1) {
            throw new IllegalArgumentException(
                    "CRI call pools need at least one thread each, got " + shortThreads + " and " + longThreads);
        }
        shortCalls = pool("cri-short", shortThreads);
        longCalls = pool("cri-long", longThreads);
        if (meters != null) {
            new ExecutorServiceMetrics(shortCalls, "cri.short", List.of()).bindTo(meters);
            new ExecutorServiceMetrics(longCalls, "cri.long", List.of()).bindTo(meters);
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        ThreadFactory factory = NamedThreads.daemons(name);
        ThreadPoolExecutor p =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** The server's default executor: short calls, and the server's own callbacks. */
    public Executor shortCalls() {
        return shortCalls;
    }

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
        return LONG_CALLS.contains(call.getMethodDescriptor().getFullMethodName()) ? longCalls : null;
    }

    @Override
    public void close() {
        for (ExecutorService p : List.of(shortCalls, longCalls)) {
            p.shutdown();
        }
    }
}
