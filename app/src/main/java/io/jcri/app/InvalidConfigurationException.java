package io.jcri.app;

/** A configuration value jcri cannot start with; the message names the key and the problem. */
public class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(String key, String problem) {
        super(key + ": " + problem);
    }
}
