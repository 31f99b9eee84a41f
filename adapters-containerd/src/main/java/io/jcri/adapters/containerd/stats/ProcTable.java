package io.jcri.adapters.containerd.stats;

import io.jcri.domain.stats.ProcessTotals;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Reads what processes hold from a {@code /proc} tree: threads from {@code status}, open
 * descriptors from {@code fd} (a link to {@code socket:[inode]} is a socket) and the soft "Max
 * open files" from {@code limits}. A process that is gone (or unreadable) counts for nothing.
 */
final class ProcTable {
    private static final String SOCKET = "socket:";

    private final Path proc;

    ProcTable(Path proc) {
        this.proc = proc;
    }

    /** The totals over {@code pids}; the open-files limit is {@code firstPid}'s. */
    ProcessTotals totals(int firstPid, Collection<Integer> pids) {
        long processes = 0, threads = 0, fds = 0, sockets = 0;
        for (int pid : pids) {
            Path dir = proc.resolve(Integer.toString(pid));
            long t = threads(dir);
            if (t < 0) {
                continue;
            }
            processes++;
            threads += t;
            long[] open = descriptors(dir.resolve("fd"));
            fds += open[0];
            sockets += open[1];
        }
        return new ProcessTotals(processes, threads, fds, sockets, openFilesSoftLimit(firstPid));
    }

    /** The {@code Threads:} line of {@code status}, or -1 when the process is gone. */
    private static long threads(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("Threads:")) {
                    return parse(line.substring("Threads:".length()).trim(), 1);
                }
            }
            return 1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Open descriptors and how many of them are sockets. */
    private static long[] descriptors(Path fdDir) {
        long[] out = new long[2];
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                out[0]++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(SOCKET)) {
                        out[1]++;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed while listed, or not a link
                }
            }
        } catch (IOException e) {
            // gone, or not ours to read
        }
        return out;
    }

    /** The soft "Max open files" of {@code pid}, or -1 when unknown or unlimited. */
    long openFilesSoftLimit(int pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line :
                    Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? -1 : parse(f[0], -1);
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    private static long parse(String s, long otherwise) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
