package io.jcri.adapters.containerd.io;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.StdStream;
import io.jcri.domain.task.StdioRequest;
import io.jcri.domain.task.TaskIo;
import io.jcri.ports.out.OutputListener;
import io.jcri.ports.out.TaskStdio;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FIFOs of one task or exec process, {@code <dir>/<id>-stdin|stdout|stderr}, with a reader
 * per output FIFO copying into the CRI log (if any) and to attach listeners: a container's (with a
 * log) on the node's one FIFO poller thread, an exec's on a thread of its own ({@link FifoReader}). stdin's
 * write side is opened read-write at once (which never blocks) and held, so the process sees EOF
 * only when jcri closes it.
 */
final class FifoTaskStdio implements TaskStdio {
    private static final Logger log = LoggerFactory.getLogger(FifoTaskStdio.class);

    private final StdioRequest request;
    private final TaskIo paths;
    private final CriLogFile logFile;
    private final List<OutputListener> listeners = new CopyOnWriteArrayList<>();
    private final List<FifoReader> readers = new ArrayList<>();
    private final FileChannel stdin;
    private final OutputStream stdinStream;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    private FifoTaskStdio(StdioRequest request, Clock clock, List<OutputListener> initial) {
        this.request = request;
        Path dir = request.fifoDir();
        Path in = request.stdin() ? dir.resolve(request.id() + "-stdin") : null;
        Path out = dir.resolve(request.id() + "-stdout");
        Path err = request.terminal() ? null : dir.resolve(request.id() + "-stderr");
        this.paths = new TaskIo(
                in == null ? "" : in.toString(), out.toString(), err == null ? "" : err.toString(), request.terminal());
        this.listeners.addAll(initial);
        List<Path> made = new ArrayList<>();
        CriLogFile log = null;
        FileChannel stdinChannel = null;
        try {
            for (Path p : new Path[] {in, out, err}) {
                if (p != null) {
                    Fifos.make(p);
                    made.add(p);
                }
            }
            if (in != null) {
                stdinChannel = FileChannel.open(in, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            log = request.logPath() == null ? null : new CriLogFile(request.logPath(), request.logDirectory(), clock);
        } catch (IOException | RuntimeException e) {
            made.forEach(FifoTaskStdio::removeQuietly);
            if (stdinChannel != null) {
                try {
                    stdinChannel.close();
                } catch (IOException ignored) {
                    // closing after a failure
                }
            }
            if (e instanceof JcriException je) {
                throw je;
            }
            throw new JcriException.Internal("cannot set up stdio of " + request.id() + " in " + dir + ": " + e, e);
        }
        this.logFile = log;
        this.stdin = stdinChannel;
        this.stdinStream = stdinChannel == null ? null : new StdinStream(stdinChannel);
        readers.add(reader(out, StdStream.STDOUT));
        if (err != null) {
            readers.add(reader(err, StdStream.STDERR));
        }
        open.set(readers.size());
        readers.forEach(FifoReader::start);
    }

    static FifoTaskStdio open(StdioRequest request, Clock clock, List<OutputListener> initial) {
        return new FifoTaskStdio(request, clock, initial);
    }

    private FifoReader reader(Path fifo, StdStream stream) {
        LineSplitter splitter = new LineSplitter();
        LineSplitter.Sink sink = (partial, data, off, len) -> {
            if (logFile != null) {
                logFile.write(stream, partial, data, off, len);
            }
        };
        // a container's output (it has a log) goes to the log and to attach listeners, neither of
        // which waits: polled with every other; an exec's waits for its client: a thread
        boolean polled = request.logPath() != null;
        return new FifoReader(
                fifo,
                new FifoReader.Consumer() {
                    @Override
                    public void data(byte[] buf, int off, int len) {
                        if (logFile != null) {
                            logFile.batch(() -> splitter.feed(buf, off, len, sink));
                        } else {
                            splitter.feed(buf, off, len, sink);
                        }
                        for (OutputListener l : listeners) {
                            try {
                                l.onOutput(stream, buf, off, len);
                            } catch (RuntimeException e) {
                                log.warn("attach listener of {} failed: {}", request.id(), e.toString());
                                listeners.remove(l);
                            }
                        }
                    }

                    @Override
                    public void end() {
                        splitter.finish(sink);
                        if (open.decrementAndGet() == 0) {
                            if (logFile != null) {
                                logFile.close();
                            }
                            endListeners();
                        }
                    }
                },
                polled);
    }

    private void endListeners() {
        for (OutputListener l : listeners) {
            try {
                l.onEnd();
            } catch (RuntimeException e) {
                log.debug("attach listener of {} failed at end: {}", request.id(), e.toString());
            }
        }
        listeners.clear();
    }

    @Override
    public TaskIo paths() {
        return paths;
    }

    @Override
    public OutputStream stdin() {
        if (stdinStream == null) {
            throw new JcriException.FailedPrecondition("stdio of " + request.id() + " was opened without stdin");
        }
        return stdinStream;
    }

    @Override
    public AutoCloseable attach(OutputListener listener) {
        if (closed || open.get() == 0) {
            listener.onEnd();
            return () -> {};
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void reopenLog() {
        if (logFile == null) {
            throw new JcriException.FailedPrecondition("stdio of " + request.id() + " writes no log");
        }
        if (closed || open.get() == 0) {
            throw new JcriException.FailedPrecondition("output of " + request.id() + " has ended; its log is closed");
        }
        logFile.reopen();
    }

    @Override
    public boolean awaitOutputEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (FifoReader r : readers) {
                long left = deadline - System.nanoTime();
                if (!r.awaitEnd(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (release()) {
            for (String p : new String[] {paths.stdin(), paths.stdout(), paths.stderr()}) {
                if (!p.isEmpty()) {
                    removeQuietly(Path.of(p));
                }
            }
        }
    }

    @Override
    public synchronized void detach() {
        release();
    }

    /** Stops the readers, closes log and stdin, ends listeners; false when already done. */
    private boolean release() {
        if (closed) {
            return false;
        }
        closed = true;
        readers.forEach(FifoReader::stop);
        if (logFile != null) {
            logFile.close();
        }
        if (stdin != null) {
            try {
                stdin.close();
            } catch (IOException e) {
                log.debug("closing stdin of {}: {}", request.id(), e.toString());
            }
        }
        endListeners();
        return true;
    }

    private static void removeQuietly(Path p) {
        try {
            Fifos.remove(p);
        } catch (RuntimeException e) {
            log.warn("{}", e.getMessage());
        }
    }

    /** stdin's stream: closing it closes the FIFO, so the process reads EOF. */
    private static final class StdinStream extends OutputStream {
        private final OutputStream out;
        private final FileChannel channel;

        StdinStream(FileChannel channel) {
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
