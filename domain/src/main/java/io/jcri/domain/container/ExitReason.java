package io.jcri.domain.container;

/**
 * The reason an exited container reports, as the kubelet reads it: {@code OOMKilled} when the
 * kernel's OOM killer ended it, {@code Completed} for exit code 0, {@code Error} otherwise, and
 * {@code StartError} (code 128) when its process could not be started.
 */
public final class ExitReason {
    public static final String COMPLETED = "Completed";
    public static final String ERROR = "Error";
    public static final String OOM_KILLED = "OOMKilled";
    public static final String START_ERROR = "StartError";
    /** The exit code a container that failed to start reports. */
    public static final int START_ERROR_CODE = 128;

    private ExitReason() {}

    public static String of(int exitCode, boolean oomKilled) {
        if (oomKilled) {
            return OOM_KILLED;
        }
        return exitCode == 0 ? COMPLETED : ERROR;
    }
}
