package io.jcri.adapters.containerd.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX tar stream (ustar headers, a PAX header for names that do not fit). Every entry is
 * owned by the given uid/gid with a fixed modification time, so equal input gives equal bytes.
 */
final class TarWriter {
    static final byte FILE = '0';
    static final byte SYMLINK = '2';
    static final byte DIRECTORY = '5';
    private static final byte PAX = 'x';
    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void entry(String name, byte type, int mode, int uid, int gid, String linkTarget, byte[] content)
            throws IOException {
        String path = type == DIRECTORY && !name.endsWith("/") ? name + "/" : name;
        String[] split = split(path);
        if (split == null || linkTarget.getBytes(StandardCharsets.UTF_8).length > 100) {
            StringBuilder pax = new StringBuilder();
            pax.append(record("path", path));
            if (!linkTarget.isEmpty()) {
                pax.append(record("linkpath", linkTarget));
            }
            byte[] body = pax.toString().getBytes(StandardCharsets.UTF_8);
            header("PaxHeaders/" + shorten(path), "", PAX, 0644, 0, 0, "", body.length);
            out.write(body);
            pad(body.length);
            split = new String[] {"", shorten(path)};
        }
        long size = type == FILE ? content.length : 0;
        header(split[1], split[0], type, mode, uid, gid, shortenLink(linkTarget), size);
        if (type == FILE) {
            out.write(content);
            pad(content.length);
        }
    }

    void finish() throws IOException {
        out.write(new byte[1024]);
        out.flush();
    }

    private static String shorten(String path) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        return b.length <= 100 ? path : new String(b, b.length - 99, 99, StandardCharsets.ISO_8859_1);
    }

    private static String shortenLink(String link) {
        return link.getBytes(StandardCharsets.UTF_8).length <= 100 ? link : "";
    }

    /** {prefix, name} when the path fits ustar's fields, else null. */
    private static String[] split(String path) {
        int len = path.getBytes(StandardCharsets.UTF_8).length;
        if (len <= 100) {
            return new String[] {"", path};
        }
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            String prefix = path.substring(0, i);
            String name = path.substring(i + 1);
            if (prefix.getBytes(StandardCharsets.UTF_8).length <= 155
                    && name.getBytes(StandardCharsets.UTF_8).length <= 100
                    && !name.isEmpty()) {
                return new String[] {prefix, name};
            }
        }
        return null;
    }

    private static String record(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int n = body.getBytes(StandardCharsets.UTF_8).length;
        int total = n + String.valueOf(n).length();
        if (String.valueOf(total).length() != String.valueOf(n).length()) {
            total++;
        }
        return total + body;
    }

    private void header(String name, String prefix, byte type, int mode, int uid, int gid, String link, long size)
            throws IOException {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        put(h, 345, 155, prefix);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        put(h, 148, 6, chk);
        h[154] = 0;
        h[155] = ' ';
        out.write(h);
    }

    private void pad(long written) throws IOException {
        int rest = (int) (written % 512);
        if (rest != 0) {
            out.write(new byte[512 - rest]);
        }
    }

    private static void put(byte[] h, int at, int len, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, at, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int at, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        put(h, at, len - 1, padded);
    }

    static byte[] bytes(Writes body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            body.to(new TarWriter(buffer));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    interface Writes {
        void to(TarWriter tar) throws IOException;
    }
}
