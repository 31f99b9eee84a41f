package io.jcri.domain.naming;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Object ids as the CRI expects them: 64 lowercase hex characters, random. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
