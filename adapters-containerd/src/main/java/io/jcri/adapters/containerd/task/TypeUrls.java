package io.jcri.adapters.containerd.task;

/**
 * The type URLs containerd 1.6 uses in {@code google.protobuf.Any} values: OCI documents travel as
 * JSON under containerd's {@code types.containerd.io} names, protobuf messages under their full
 * proto names.
 */
final class TypeUrls {
    private TypeUrls() {}

    static final String OCI_SPEC = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    static final String OCI_PROCESS = "types.containerd.io/opencontainers/runtime-spec/1/Process";
    static final String OCI_LINUX_RESOURCES = "types.containerd.io/opencontainers/runtime-spec/1/LinuxResources";
    static final String RUNC_OPTIONS = "containerd.runc.v1.Options";
    static final String RUNC_PROCESS_DETAILS = "containerd.runc.v1.ProcessDetails";
    static final String TASK_EXIT = "containerd.events.TaskExit";
    static final String TASK_OOM = "containerd.events.TaskOOM";
    static final String TASK_START = "containerd.events.TaskStart";
    static final String TASK_DELETE = "containerd.events.TaskDelete";

    /** The type of jcri's container extensions: a JSON document, stored as its UTF-8 bytes. */
    static final String JCRI_JSON = "jcri.io/extension/json";
}
