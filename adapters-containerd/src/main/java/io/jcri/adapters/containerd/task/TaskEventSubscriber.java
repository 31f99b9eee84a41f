package io.jcri.adapters.containerd.task;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.client.Events;
import io.jcri.adapters.containerd.client.Protos;
import io.jcri.adapters.containerd.client.TypeUrls;
import io.jcri.containerd.api.events.TaskDelete;
import io.jcri.containerd.api.events.TaskExit;
import io.jcri.containerd.api.events.TaskOOM;
import io.jcri.containerd.api.events.TaskStart;
import io.jcri.containerd.api.services.events.v1.Envelope;
import io.jcri.containerd.api.services.images.v1.ImageCreate;
import io.jcri.containerd.api.services.images.v1.ImageDelete;
import io.jcri.containerd.api.services.images.v1.ImageUpdate;
import io.jcri.domain.task.TaskEvent;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.ImageRecordListener;
import io.jcri.ports.out.TaskEventListener;
import io.jcri.ports.threads.NamedThreads;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of containerd's event stream. It runs on its own daemon thread, subscribes to
 * the task and image topics of jcri's namespace and hands decoded events to the listeners (task
 * events to task listeners, the names of changed image records to image listeners). When the stream
 * breaks it reconnects with backoff. containerd gives no sign that a subscription is in place, so
 * after each (re)subscription it publishes a probe event to itself until the probe comes back:
 * from then on no event can be missed, and listeners are told to {@code resync()}.
 */
final class TaskEventSubscriber implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskEventSubscriber.class);
    static final String PROBE_TOPIC = "/jcri/subscriber-probe";
    static final String IMAGE_CREATE = "/images/create";
    static final String IMAGE_UPDATE = "/images/update";
    static final String IMAGE_DELETE = "/images/delete";
    private static final List<String> TOPICS = List.of(
            "/tasks/exit",
            "/tasks/oom",
            "/tasks/start",
            "/tasks/delete",
            IMAGE_CREATE,
            IMAGE_UPDATE,
            IMAGE_DELETE,
            PROBE_TOPIC);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ContainerdClient client;
    private final Events events;
    private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ImageRecordListener> imageListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final ScheduledExecutorService prober;
    private volatile boolean closed;
    private volatile boolean live;
    private boolean subscribedBefore;
    private volatile Context.CancellableContext current;
    private Thread thread;

    TaskEventSubscriber(ContainerdClient client, Events events) {
        this.client = client;
        this.events = events;
        this.prober = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemons("containerd-events-probe"));
    }

    EventSubscription subscribe(TaskEventListener listener) {
        return subscribe(listeners, listener);
    }

    /** Image record events (create, update, delete) of jcri's namespace, on the same stream. */
    EventSubscription subscribeImages(ImageRecordListener listener) {
        return subscribe(imageListeners, listener);
    }

    private <L> EventSubscription subscribe(List<L> to, L listener) {
        if (closed) {
            throw new IllegalStateException("the containerd event subscriber is closed");
        }
        to.add(listener);
        if (started.compareAndSet(false, true)) {
            thread = NamedThreads.daemon("containerd-events", this::run);
            thread.start();
        }
        return new EventSubscription() {
            @Override
            public boolean connected() {
                return live;
            }

            @Override
            public void close() {
                to.remove(listener);
            }
        };
    }

    private List<String> filters() {
        String ns = "namespace==" + Protos.quote(client.namespace());
        return TOPICS.stream().map(t -> "topic==" + Protos.quote(t) + "," + ns).toList();
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (!closed) {
            boolean wasLive = readStream();
            if (closed) {
                return;
            }
            backoff = wasLive ? MIN_BACKOFF_MS : Math.min(backoff * 2, MAX_BACKOFF_MS);
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads one subscription until it breaks; returns whether it had become live. */
    private boolean readStream() {
        Context.CancellableContext ctx = Context.current().withCancellation();
        current = ctx;
        ScheduledFuture<?> probing = null;
        live = false;
        Context previous = ctx.attach();
        try {
            Iterator<Envelope> stream = events.subscribe(filters());
            probing = prober.scheduleWithFixedDelay(this::probe, 0, 200, TimeUnit.MILLISECONDS);
            while (stream.hasNext()) {
                Envelope env = stream.next();
                if (PROBE_TOPIC.equals(env.getTopic())) {
                    if (!live) {
                        live = true;
                        probing.cancel(false);
                        if (subscribedBefore) {
                            log.info("subscribed to containerd events on {} again", client.socket());
                        } else {
                            log.debug("subscribed to containerd events on {}", client.socket());
                        }
                        subscribedBefore = true;
                        listeners.forEach(TaskEventSubscriber::resync);
                        imageListeners.forEach(TaskEventSubscriber::resync);
                    }
                    continue;
                }
                if (!live) {
                    continue;
                }
                if (env.getTopic().startsWith("/images/")) {
                    imageRecord(env).ifPresent(name -> imageListeners.forEach(l -> changed(l, name)));
                    continue;
                }
                decode(env).ifPresent(e -> listeners.forEach(l -> deliver(l, e)));
            }
            log.warn("containerd event stream on {} ended; reconnecting", client.socket());
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("containerd event stream on {} broke ({}); reconnecting", client.socket(), e.getMessage());
            }
        } finally {
            if (probing != null) {
                probing.cancel(false);
            }
            ctx.detach(previous);
            ctx.cancel(null);
        }
        boolean was = live;
        live = false;
        return was;
    }

    private void probe() {
        try {
            events.publish(PROBE_TOPIC, Any.pack(Empty.getDefaultInstance()));
        } catch (RuntimeException e) {
            log.debug("event probe failed: {}", e.getMessage());
        }
    }

    private static void resync(TaskEventListener l) {
        try {
            l.resync();
        } catch (RuntimeException e) {
            log.error("task event listener {} failed to resync", l, e);
        }
    }

    private static void resync(ImageRecordListener l) {
        try {
            l.resync();
        } catch (RuntimeException e) {
            log.error("image record listener {} failed to resync", l, e);
        }
    }

    private static void changed(ImageRecordListener l, String name) {
        try {
            l.changed(name);
        } catch (RuntimeException e) {
            log.error("image record listener {} failed on image {}", l, name, e);
        }
    }

    /** The name of the image record an image event is about. */
    static Optional<String> imageRecord(Envelope env) {
        try {
            String name = switch (env.getTopic()) {
                case IMAGE_CREATE ->
                    ImageCreate.parseFrom(env.getEvent().getValue()).getName();
                case IMAGE_UPDATE ->
                    ImageUpdate.parseFrom(env.getEvent().getValue()).getName();
                case IMAGE_DELETE ->
                    ImageDelete.parseFrom(env.getEvent().getValue()).getName();
                default -> "";
            };
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (InvalidProtocolBufferException e) {
            log.warn("cannot decode containerd event {}: {}", env.getTopic(), e.getMessage());
            return Optional.empty();
        }
    }

    private static void deliver(TaskEventListener l, TaskEvent e) {
        try {
            l.onEvent(e);
        } catch (RuntimeException ex) {
            log.error("task event listener {} failed on {}", l, e, ex);
        }
    }

    static Optional<TaskEvent> decode(Envelope env) {
        Any any = env.getEvent();
        String type = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
        try {
            return switch (type) {
                case TypeUrls.TASK_EXIT -> {
                    TaskExit e = TaskExit.parseFrom(any.getValue());
                    String execId = e.getId().equals(e.getContainerId()) ? "" : e.getId();
                    yield Optional.of(new TaskEvent.Exited(
                            e.getContainerId(),
                            execId,
                            e.getPid(),
                            e.getExitStatus(),
                            Protos.instant(e.getExitedAt())));
                }
                case TypeUrls.TASK_OOM ->
                    Optional.of(new TaskEvent.OutOfMemory(
                            TaskOOM.parseFrom(any.getValue()).getContainerId()));
                case TypeUrls.TASK_START -> {
                    TaskStart e = TaskStart.parseFrom(any.getValue());
                    yield Optional.of(new TaskEvent.Started(e.getContainerId(), e.getPid()));
                }
                case TypeUrls.TASK_DELETE -> {
                    TaskDelete e = TaskDelete.parseFrom(any.getValue());
                    yield Optional.of(new TaskEvent.Deleted(
                            e.getContainerId(), e.getPid(), e.getExitStatus(), Protos.instant(e.getExitedAt())));
                }
                default -> Optional.empty();
            };
        } catch (InvalidProtocolBufferException e) {
            log.warn("cannot decode containerd event {} ({}): {}", env.getTopic(), type, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        closed = true;
        Context.CancellableContext ctx = current;
        if (ctx != null) {
            ctx.cancel(null);
        }
        if (thread != null) {
            thread.interrupt();
        }
        prober.shutdownNow();
        listeners.clear();
        imageListeners.clear();
    }
}
