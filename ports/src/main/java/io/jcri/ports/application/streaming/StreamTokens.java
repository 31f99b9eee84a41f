package io.jcri.ports.application.streaming;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.in.Streaming;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Single-use tokens for streaming requests: each expires {@code ttl} after it was issued, and at
 * most {@code max} are outstanding at once (a client that asks for URLs and never connects cannot
 * make jcri hold requests without bound).
 */
final class StreamTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(Streaming.Request request, Instant expiresAt) {}

    private final Clock clock;
    private final Duration ttl;
    private final int max;
    private final Map<String, Entry> byToken = new LinkedHashMap<>();

    StreamTokens(Clock clock, Duration ttl, int max) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new JcriException.InvalidArgument("streaming token lifetime must be positive, was " + ttl);
        }
        if (max < 1) {
            throw new JcriException.InvalidArgument("streaming token bound must be at least 1, was " + max);
        }
        this.clock = clock;
        this.ttl = ttl;
        this.max = max;
    }

    synchronized String issue(Streaming.Request request) {
        Instant now = clock.instant();
        purge(now);
        if (byToken.size() >= max) {
            throw new JcriException.Unavailable("too many streaming requests are waiting for their client (" + max
                    + " outstanding, each expires after " + ttl.toSeconds() + "s); try again later");
        }
        String token;
        do {
            byte[] b = new byte[16];
            RANDOM.nextBytes(b);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } while (byToken.containsKey(token));
        byToken.put(token, new Entry(request, now.plus(ttl)));
        return token;
    }

    synchronized Optional<Streaming.Request> redeem(String token) {
        Entry e = byToken.remove(token);
        if (e == null || !clock.instant().isBefore(e.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(e.request());
    }

    synchronized int outstanding() {
        purge(clock.instant());
        return byToken.size();
    }

    private void purge(Instant now) {
        // Insertion order is expiry order: stop at the first one still valid.
        Iterator<Entry> it = byToken.values().iterator();
        while (it.hasNext()) {
            if (now.isBefore(it.next().expiresAt())) {
                return;
            }
            it.remove();
        }
    }
}
