package io.jcri.domain.network;

import java.util.Objects;

/**
 * Whether pod networking can be set up. {@link Ready} holds the network in use; {@link NotReady}
 * says what is missing.
 */
public sealed interface NetworkStatus {

    boolean ready();

    /** A valid network configuration is loaded. */
    record Ready(NetworkConfig config) implements NetworkStatus {
        public Ready {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public boolean ready() {
            return true;
        }
    }

    /** No usable configuration; {@code message} says why (no file, a file that does not parse, a missing plugin). */
    record NotReady(String message) implements NetworkStatus {
        public NotReady {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean ready() {
            return false;
        }
    }
}
