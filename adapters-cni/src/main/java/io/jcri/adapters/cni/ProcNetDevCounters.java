package io.jcri.adapters.cni;

import io.jcri.domain.stats.InterfaceCounters;
import io.jcri.ports.out.NetworkCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's interface counters from {@code /proc/<pid>/net/dev} of a process in its netns (the
 * pause process): the kernel answers for the reader's view of that process's namespace, so no
 * setns is needed.
 */
public final class ProcNetDevCounters implements NetworkCounters {
    private final Path proc;

    public ProcNetDevCounters(Path proc) {
        this.proc = proc;
    }

    public ProcNetDevCounters() {
        this(Path.of("/proc"));
    }

    @Override
    public List<InterfaceCounters> interfaces(int pid) {
        try {
            return parse(Files.readString(proc.resolve(Integer.toString(pid)).resolve("net/dev")));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Parses the table: two header lines, then {@code name: rx_bytes rx_packets rx_errs rx_drop
     * fifo frame compressed multicast tx_bytes tx_packets tx_errs tx_drop ...}. Loopback is left
     * out.
     */
    static List<InterfaceCounters> parse(String table) {
        List<InterfaceCounters> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 12) {
                continue;
            }
            try {
                out.add(new InterfaceCounters(
                        name,
                        Long.parseLong(f[0]),
                        Long.parseLong(f[2]),
                        Long.parseLong(f[8]),
                        Long.parseLong(f[10]),
                        Long.parseLong(f[1]),
                        Long.parseLong(f[3]),
                        Long.parseLong(f[9]),
                        Long.parseLong(f[11])));
            } catch (NumberFormatException e) {
                // a line that is not a counters row
            }
        }
        return out;
    }
}
