package io.jcri.adapters.containerd.registry;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's body that ends at the blob's declared size: a registry that sends more (a wrong or
 * hostile answer) aborts the download with {@link JcriException.InvalidArgument} naming the
 * digest, instead of filling the node's disk. Reads never ask the body for more than what is left
 * plus one byte, the byte that tells an oversize blob from a whole one.
 */
final class CappedBlobStream extends FilterInputStream {
    private final Descriptor blob;
    private final String what;
    private long left;

    /**
     * @param offset bytes of the blob already held (a resumed download): the body starts there
     * @param what the download, for the error ("image x layer sha256:... from host")
     */
    CappedBlobStream(InputStream body, Descriptor blob, long offset, String what) {
        super(body);
        this.blob = blob;
        this.what = what;
        this.left = blob.size() - offset;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            consumed(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int ask = (int) Math.min(len, Math.max(left, 0) + 1);
        int n = in.read(buffer, off, ask);
        if (n > 0) {
            consumed(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, Math.max(left, 0)));
        left -= skipped;
        return skipped;
    }

    private void consumed(int n) throws IOException {
        left -= n;
        if (left < 0) {
            try {
                close();
            } catch (IOException e) {
                // the download is aborted either way
            }
            throw new JcriException.InvalidArgument(what + ": the registry sent more than the " + blob.size()
                    + " bytes its descriptor declares for " + blob.digest() + "; download aborted");
        }
    }
}
