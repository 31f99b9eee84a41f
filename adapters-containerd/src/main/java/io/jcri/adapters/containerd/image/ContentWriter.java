package io.jcri.adapters.containerd.image;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.jcri.adapters.containerd.client.Content;
import io.jcri.containerd.api.services.content.v1.WriteAction;
import io.jcri.containerd.api.services.content.v1.WriteContentRequest;
import io.jcri.containerd.api.services.content.v1.WriteContentResponse;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.ports.out.ImageStore;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One blob written through containerd's content {@code Write} stream: a STAT first (an earlier
 * attempt's bytes are kept under the same ref and resumed), WRITEs with a bounded number in
 * flight, a COMMIT that has containerd check size and digest. Content that already exists counts
 * as written.
 */
final class ContentWriter implements ImageStore.ContentIngest {
    private static final int IN_FLIGHT = 8;
    private final Content content;
    private final Descriptor blob;
    private final Map<String, String> labels;
    private final Semaphore window = new Semaphore(IN_FLIGHT);
    private final LinkedBlockingQueue<WriteContentResponse> stats = new LinkedBlockingQueue<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;
    private ClientCallStreamObserver<WriteContentRequest> requests;
    private long offset;
    private boolean exists;
    private boolean finished;

    private ContentWriter(Content content, Descriptor blob, Map<String, String> labels) {
        this.content = content;
        this.blob = blob;
        this.labels = labels;
    }

    /** Opens the writer for {@code ref}, waiting while another writer holds that ref. */
    static ContentWriter open(Content content, String ref, Descriptor blob, Map<String, String> labels) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (true) {
            ContentWriter w = new ContentWriter(content, blob, labels);
            try {
                w.start(ref);
                return w;
            } catch (JcriException.Unavailable e) {
                if (!String.valueOf(e.getMessage()).contains("locked") || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new JcriException.Unavailable("interrupted waiting for content ref " + ref, ie);
                }
            }
        }
    }

    private void start(String ref) {
        content.write(new ClientResponseObserver<WriteContentRequest, WriteContentResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WriteContentRequest> r) {
                requests = r;
            }

            @Override
            public void onNext(WriteContentResponse value) {
                if (value.getAction() == WriteAction.STAT) {
                    stats.add(value);
                } else {
                    window.release();
                }
            }

            @Override
            public void onError(Throwable t) {
                failure = t;
                window.release(IN_FLIGHT * 4);
                stats.add(WriteContentResponse.getDefaultInstance());
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        requests.onNext(WriteContentRequest.newBuilder()
                .setAction(WriteAction.STAT)
                .setRef(ref)
                .setTotal(blob.size())
                .setExpected(blob.digest())
                .build());
        WriteContentResponse stat;
        try {
            stat = stats.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted", null);
            throw new JcriException.Unavailable("interrupted writing " + blob.digest(), e);
        }
        if (failure != null) {
            if (Status.fromThrowable(failure).getCode() == Status.Code.ALREADY_EXISTS) {
                exists = true;
                finished = true;
                offset = blob.size();
                return;
            }
            throw translate(failure);
        }
        offset = stat.getOffset();
        if (offset > blob.size()) {
            offset = 0;
        }
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public void write(byte[] buffer, int off, int length) {
        if (exists) {
            return;
        }
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable("interrupted writing " + blob.digest(), e);
        }
        if (failure != null) {
            throw translate(failure);
        }
        requests.onNext(WriteContentRequest.newBuilder()
                .setAction(WriteAction.WRITE)
                .setOffset(offset)
                .setData(UnsafeByteOperations.unsafeWrap(buffer, off, length))
                .build());
        offset += length;
    }

    @Override
    public void commit() {
        if (exists) {
            return;
        }
        requests.onNext(WriteContentRequest.newBuilder()
                .setAction(WriteAction.COMMIT)
                .setOffset(offset)
                .setTotal(blob.size())
                .setExpected(blob.digest())
                .putAllLabels(labels)
                .build());
        requests.onCompleted();
        finished = true;
        try {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new JcriException.DeadlineExceeded("containerd did not commit " + blob.digest() + " in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable("interrupted committing " + blob.digest(), e);
        }
        if (failure != null) {
            if (Status.fromThrowable(failure).getCode() == Status.Code.ALREADY_EXISTS) {
                return;
            }
            throw translate(failure);
        }
    }

    /** Writes {@code bytes} whole and commits them. */
    void writeAll(byte[] bytes) {
        if (offset != 0 && !exists) {
            offset = 0;
        }
        write(bytes, 0, bytes.length);
        commit();
    }

    @Override
    public void close() {
        if (!finished && requests != null) {
            requests.cancel("blob " + blob.digest() + " not finished", null);
        }
    }

    private JcriException translate(Throwable t) {
        if (t instanceof StatusRuntimeException sre) {
            return content.writeFailure(blob.digest(), sre);
        }
        return new JcriException.Internal("content write of " + blob.digest() + ": " + t, t);
    }
}
