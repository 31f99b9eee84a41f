package io.jcri.adapters.containerd.stats;

import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.SwapReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a cgroup v2 directory's swap and pressure files, for what the engine's metrics may lack
 * (containerd before 1.7 sends no PSI): {@code memory.swap.current}, {@code memory.swap.max},
 * {@code cpu.pressure}, {@code memory.pressure} and {@code io.pressure}. A process's directory
 * is found through its {@code /proc/<pid>/cgroup} unified line ({@code 0::/path}); on cgroup v1
 * there is none, and nothing is read.
 */
final class CgroupV2Files {
    private final Path proc;
    private final Path cgroupRoot;

    CgroupV2Files(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    /**
     * The cgroup v2 directory of a process, if the node is on the unified hierarchy (its
     * {@code cgroup.controllers} exists) and the process is still there.
     */
    Optional<Path> directoryOf(int pid) {
        if (pid <= 0 || !Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
            return Optional.empty();
        }
        List<String> lines = lines(proc.resolve(Integer.toString(pid)).resolve("cgroup"));
        for (String l : lines) {
            if (l.startsWith("0::")) {
                String rel = l.substring(3).replaceFirst("^/+", "");
                Path dir = rel.isEmpty() ? cgroupRoot : cgroupRoot.resolve(rel);
                return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The swap use and limit of a cgroup directory; {@code null} without swap accounting. */
    static @Nullable SwapReading swap(Path dir) {
        List<String> current = lines(dir.resolve("memory.swap.current"));
        if (current.isEmpty()) {
            return null;
        }
        List<String> max = lines(dir.resolve("memory.swap.max"));
        long limit = max.isEmpty() || max.get(0).trim().equals("max") ? 0 : number(max.get(0));
        return new SwapReading(number(current.get(0)), limit);
    }

    /** The three pressure files of a cgroup directory; {@code null} when the kernel has no PSI. */
    static @Nullable PressureReadings pressure(Path dir, Instant at) {
        PressureReadings p = new PressureReadings(
                at,
                psi(dir.resolve("cpu.pressure")),
                psi(dir.resolve("memory.pressure")),
                psi(dir.resolve("io.pressure")));
        return p.any() ? p : null;
    }

    /**
     * One pressure file: a {@code some} line and a {@code full} line, each {@code avg10=.. avg60=..
     * avg300=.. total=..}. A file with no {@code full} line (the root's cpu.pressure on older
     * kernels) reads it as zero; an unreadable or malformed file is {@code null}.
     */
    static PressureReadings.@Nullable Psi psi(Path file) {
        PressureReadings.Data some = null;
        PressureReadings.Data full = PressureReadings.Data.ZERO;
        for (String l : lines(file)) {
            String[] f = l.trim().split("\\s+");
            PressureReadings.Data d = data(f);
            if (d == null) {
                return null;
            }
            if (f[0].equals("some")) {
                some = d;
            } else if (f[0].equals("full")) {
                full = d;
            }
        }
        return some == null ? null : new PressureReadings.Psi(some, full);
    }

    private static PressureReadings.@Nullable Data data(String[] fields) {
        double avg10 = -1, avg60 = -1, avg300 = -1;
        long total = -1;
        for (int i = 1; i < fields.length; i++) {
            String[] kv = fields[i].split("=", 2);
            if (kv.length != 2) {
                return null;
            }
            try {
                switch (kv[0]) {
                    case "avg10" -> avg10 = Double.parseDouble(kv[1]);
                    case "avg60" -> avg60 = Double.parseDouble(kv[1]);
                    case "avg300" -> avg300 = Double.parseDouble(kv[1]);
                    case "total" -> total = Long.parseLong(kv[1]);
                    default -> {
                        // a key a later kernel may add
                    }
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (avg10 < 0 || avg60 < 0 || avg300 < 0 || total < 0) {
            return null;
        }
        return new PressureReadings.Data(total, avg10, avg60, avg300);
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
