package io.jcri.ports.out;

import java.util.List;
import java.util.Objects;

/**
 * A note, kept on disk, of each engine object jcri is in the middle of creating: written (durably)
 * before the engine is asked to make a container record or a task, removed once the call's outcome
 * is known. A jcri killed during such a call finds, when it starts again, the notes it left
 * ({@link #leftovers}) and so what may be half-made: a record with no owner, a task the engine
 * forgot, a shim process nothing will end.
 */
public interface CreationJournal {

    /** No notes: a node (or a test) that keeps none, so recovery finds nothing left. */
    CreationJournal NONE = new CreationJournal() {
        @Override
        public void begin(Entry entry) {}

        @Override
        public void end(String id, Call call) {}

        @Override
        public List<Entry> leftovers() {
            return List.of();
        }
    };

    /** The engine call a note is about. */
    enum Call {
        /** Containers.Create. */
        CONTAINER,
        /** Tasks.Create (a shim is started for it). */
        TASK,
        /**
         * RunPodSandbox as a whole: noted before anything of the pod is made, removed once the pod
         * is READY (or its failed start undone). A pod left with this note was never answered.
         */
        SANDBOX
    }

    /**
     * One note.
     *
     * @param id the container's (or sandbox's) id, also its task's
     * @param call the call under way
     * @param snapshotter the snapshotter of its root filesystem (empty when not known)
     * @param snapshotKey the key of its root filesystem's snapshot (empty when not known)
     * @param lease the lease the call was made under (empty for none)
     */
    record Entry(String id, Call call, String snapshotter, String snapshotKey, String lease) {
        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(call, "call");
            snapshotter = snapshotter == null ? "" : snapshotter;
            snapshotKey = snapshotKey == null ? "" : snapshotKey;
            lease = lease == null ? "" : lease;
        }

        /** A note of a Tasks.Create, which knows only the id. */
        public static Entry task(String id, String lease) {
            return new Entry(id, Call.TASK, "", "", lease);
        }
    }

    /**
     * Notes {@code entry}; on disk when this returns.
     *
     * @throws io.jcri.domain.error.JcriException.Internal when it cannot be written (the call must not be made)
     */
    void begin(Entry entry);

    /** Removes the note of {@code call} for {@code id}; nothing when there is none. */
    void end(String id, Call call);

    /** The notes an earlier run of jcri began and never ended (not those of this run). */
    List<Entry> leftovers();
}
