package io.jcri.domain.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Chain IDs of an image's layers (OCI image spec): the first is the first layer's diff ID, each
 * next one is {@code sha256(previous + " " + diffID)}. They name the committed snapshots.
 */
public final class ChainIds {
    private ChainIds() {}

    /** One chain ID per diff ID, in order. */
    public static List<String> of(List<String> diffIds) {
        List<String> chain = new ArrayList<>(diffIds.size());
        String previous = null;
        for (String diffId : diffIds) {
            String next = previous == null ? diffId : sha256(previous + " " + diffId);
            chain.add(next);
            previous = next;
        }
        return List.copyOf(chain);
    }

    /** The chain ID of the whole stack (the image's rootfs), or empty for no layers. */
    public static String top(List<String> diffIds) {
        List<String> chain = of(diffIds);
        return chain.isEmpty() ? "" : chain.get(chain.size() - 1);
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
