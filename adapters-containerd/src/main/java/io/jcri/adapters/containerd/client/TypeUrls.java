package io.jcri.adapters.containerd.client;

/**
 * The type URLs containerd 1.6 uses in {@code google.protobuf.Any} values: OCI documents travel as
 * JSON under containerd's {@code types.containerd.io} names, protobuf messages under their full
 * proto names.
 */
public final class TypeUrls {
    private TypeUrls() {}

    public static final String OCI_SPEC = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    public static final String OCI_PROCESS = "types.containerd.io/opencontainers/runtime-spec/1/Process";
    public static final String OCI_LINUX_RESOURCES = "types.containerd.io/opencontainers/runtime-spec/1/LinuxResources";
    public static final String RUNC_OPTIONS = "containerd.runc.v1.Options";
    public static final String RUNC_PROCESS_DETAILS = "containerd.runc.v1.ProcessDetails";
    public static final String TASK_EXIT = "containerd.events.TaskExit";
    public static final String TASK_OOM = "containerd.events.TaskOOM";
    public static final String TASK_START = "containerd.events.TaskStart";
    public static final String TASK_DELETE = "containerd.events.TaskDelete";

    /** The type of jcri's container extensions: a JSON document, stored as its UTF-8 bytes. */
    public static final String JCRI_JSON = "jcri.io/extension/json";
}
