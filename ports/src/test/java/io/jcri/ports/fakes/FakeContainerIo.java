package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.StdioRequest;
import io.jcri.domain.task.TaskIo;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.OutputListener;
import io.jcri.ports.out.TaskStdio;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stdio in memory: {@link #open} hands out a {@link Stdio} per request and remembers it by id;
 * FIFO "paths" are kept as a set so removal can be checked; ExecSync answers {@link #nextExec}
 * (or times out when it is null), recording the calls.
 */
public class FakeContainerIo implements ContainerIo {
    public final Map<String, Stdio> opened = new ConcurrentHashMap<>();
    public final List<Path> fifos = new CopyOnWriteArrayList<>();
    public final List<String> execs = new CopyOnWriteArrayList<>();
    public volatile ExecResult nextExec = new ExecResult(0, new byte[0], new byte[0], false);

    /** The fake stdio of one task. */
    public final class Stdio implements TaskStdio {
        public final StdioRequest request;
        public final AtomicInteger reopens = new AtomicInteger();
        public volatile boolean closed;

        Stdio(StdioRequest request) {
            this.request = request;
        }

        @Override
        public TaskIo paths() {
            Path dir = request.fifoDir();
            return new TaskIo(
                    request.stdin() ? dir.resolve(request.id() + "-stdin").toString() : "",
                    dir.resolve(request.id() + "-stdout").toString(),
                    request.terminal()
                            ? ""
                            : dir.resolve(request.id() + "-stderr").toString(),
                    request.terminal());
        }

        @Override
        public OutputStream stdin() {
            return new ByteArrayOutputStream();
        }

        @Override
        public AutoCloseable attach(OutputListener listener) {
            return () -> {};
        }

        @Override
        public void reopenLog() {
            if (closed || request.logPath() == null) {
                throw new JcriException.FailedPrecondition("no log to reopen for " + request.id());
            }
            reopens.incrementAndGet();
        }

        @Override
        public boolean awaitOutputEnd(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
            closed = true;
            fifos.removeIf(p -> p.getFileName().toString().startsWith(request.id() + "-"));
        }
    }

    @Override
    public TaskStdio open(StdioRequest request) {
        Stdio s = new Stdio(request);
        opened.put(request.id(), s);
        Path out = request.fifoDir().resolve(request.id() + "-stdout");
        if (!fifos.contains(out)) {
            fifos.add(out);
        }
        return s;
    }

    @Override
    public ExecResult execSync(String containerId, String processJson, Duration timeout, int maxOutputBytes) {
        execs.add(containerId + " " + processJson);
        ExecResult r = nextExec;
        if (r == null) {
            throw new JcriException.DeadlineExceeded(
                    "exec in container " + containerId + " did not finish within " + timeout);
        }
        return r;
    }

    @Override
    public List<Path> fifos(Path fifoDir) {
        return fifos.stream().filter(p -> p.startsWith(fifoDir)).toList();
    }

    @Override
    public void removeFifos(Path fifoDir, String id) {
        fifos.removeIf(p -> p.startsWith(fifoDir) && p.getFileName().toString().startsWith(id + "-"));
    }
}
