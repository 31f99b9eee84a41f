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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where CRI calls run: calls that wait on containers, images or the network (pulls, pod and
 * container lifecycle, ExecSync) on one pool, and the other short ones (Status, stats,
 * Exec/Attach/PortForward URLs, and any method not named here) on another, so a burst of slow
 * calls never delays the short ones the kubelet polls and times out on. The calls answered from
 * memory ({@link #FROM_MEMORY}: Version, *Status, List* of pods, containers and images) stay on
 * the transport's thread that read them, with no hand-off; their handlers ({@link FromMemory})
 * move them to the short pool when the answer needs containerd. Both pools are bounded and queue
 * what exceeds them; with a meter registry their threads and queues show up as {@code
 * executor_*{name="cri.long"|"cri.short"}}.
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
            RuntimeServiceGrpc.getCheckpointPodMethod().getFullMethodName(),
            RuntimeServiceGrpc.getRestorePodMethod().getFullMethodName(),
            ImageServiceGrpc.getPullImageMethod().getFullMethodName(),
            ImageServiceGrpc.getRemoveImageMethod().getFullMethodName(),
            ImageServiceGrpc.getImageFsInfoMethod().getFullMethodName());

    /**
     * The methods whose handlers answer from memory when they can and hand the rest to {@link
     * #shortCalls()} themselves (through {@link FromMemory}): these never wait on the transport's
     * thread.
     */
    static final Set<String> FROM_MEMORY = Set.of(
            RuntimeServiceGrpc.getVersionMethod().getFullMethodName(),
            RuntimeServiceGrpc.getRuntimeConfigMethod().getFullMethodName(),
            RuntimeServiceGrpc.getPodSandboxStatusMethod().getFullMethodName(),
            RuntimeServiceGrpc.getListPodSandboxMethod().getFullMethodName(),
            RuntimeServiceGrpc.getContainerStatusMethod().getFullMethodName(),
            RuntimeServiceGrpc.getListContainersMethod().getFullMethodName(),
            ImageServiceGrpc.getImageStatusMethod().getFullMethodName(),
            ImageServiceGrpc.getListImagesMethod().getFullMethodName());

    /** The server's default executor: the transport's own thread (see {@link #getExecutor}). */
    public static final Executor TRANSPORT_THREAD = Runnable::run;

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
        GrowingQueue queue = new GrowingQueue();
        ThreadPoolExecutor p = new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, queue, factory, (r, pool) -> {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException(name + " is shut down");
            }
            queue.force(r);
        });
        queue.pool = p;
        return p;
    }

    /**
     * The pools' queue: it takes a call only when a thread is idle to run it or the pool has all its
     * threads, and otherwise refuses it so that the pool starts a thread. A {@link ThreadPoolExecutor}
     * with core = max threads starts a new thread for every call until it has them all, even when
     * calls come one at a time (100 pod starts in a row left 64 threads for a minute); this one grows
     * by one thread per call that runs while all others are busy, up to the maximum, and queues what
     * comes beyond it. Idle threads end after 60 s.
     */
    static final class GrowingQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        private transient volatile ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable call) {
            ThreadPoolExecutor p = pool;
            if (p != null && p.getPoolSize() < p.getMaximumPoolSize()) {
                int idle = p.getPoolSize() - p.getActiveCount();
                if (idle <= size()) {
                    return false; // no idle thread for it: the pool starts one
                }
            }
            return super.offer(call);
        }

        /** Queues a call the pool could not start a thread for (it raced to its maximum). */
        void force(Runnable call) {
            super.offer(call);
        }
    }

    /** The pool of short calls. */
    public Executor shortCalls() {
        return shortCalls;
    }

    /** The pool of long calls. */
    Executor longCalls() {
        return longCalls;
    }

    /**
     * The long pool for {@link #LONG_CALLS}, none (the server's default, {@link #TRANSPORT_THREAD})
     * for {@link #FROM_MEMORY}, the short pool for every other method.
     */
    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (LONG_CALLS.contains(method)) {
            return longCalls;
        }
        return FROM_MEMORY.contains(method) ? null : shortCalls;
    }

    @Override
    public void close() {
        for (ExecutorService p : List.of(shortCalls, longCalls)) {
            p.shutdown();
        }
    }
}
