package io.jcri.adapters.cni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mounts of jcri's mount namespace, from {@code /proc/self/mountinfo}. */
final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    record Mount(String mountPoint, String fsType) {}

    private MountTable() {}

    static List<Mount> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Mount> mounts = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] fields = line.split(" ");
            int dash = line.indexOf(" - ");
            if (fields.length < 5 || dash < 0) {
                continue;
            }
            String[] after = line.substring(dash + 3).split(" ");
            mounts.add(new Mount(unescape(fields[4]), after.length > 0 ? after[0] : ""));
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash as three octal digits after a backslash. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
