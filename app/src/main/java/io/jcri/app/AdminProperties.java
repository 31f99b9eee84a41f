package io.jcri.app;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The {@code jcri.admin.*} keys that bound the admin API's long or large answers (the rest of
 * the section is {@link JcriProperties.Admin}, which extends this).
 */
public class AdminLimitsProperties {
    /** {@code /api/v1/events} subscribers at once; more get 503. */
    private int eventsMaxSubscribers = 64;
    /** An event stream ends after this (an EventSource reconnects). */
    private Duration eventsTimeout = Duration.ofMinutes(30);
    /** {@code logs?tail=N} reads at most this much from the end of the log file. */
    private DataSize logsMaxBytes = DataSize.ofMegabytes(8);

    public int getEventsMaxSubscribers() {
        return eventsMaxSubscribers;
    }

    public void setEventsMaxSubscribers(int eventsMaxSubscribers) {
        this.eventsMaxSubscribers = eventsMaxSubscribers;
    }

    public Duration getEventsTimeout() {
        return eventsTimeout;
    }

    public void setEventsTimeout(Duration eventsTimeout) {
        this.eventsTimeout = eventsTimeout;
    }

    public DataSize getLogsMaxBytes() {
        return logsMaxBytes;
    }

    public void setLogsMaxBytes(DataSize logsMaxBytes) {
        this.logsMaxBytes = logsMaxBytes;
    }
}
