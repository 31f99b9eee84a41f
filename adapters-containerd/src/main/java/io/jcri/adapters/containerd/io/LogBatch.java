package io.jcri.adapters.containerd.io;

import java.util.Arrays;

/** A growable run of bytes that log lines are formatted into, reused between writes. */
final class LogBatch {
    private byte[] buf;
    private int size;

    LogBatch(int capacity) {
        buf = new byte[capacity];
    }

    void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** {@code digits} decimal digits of {@code value}, leading zeros included. */
    void putDigits(int value, int digits) {
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf[size + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }
}
