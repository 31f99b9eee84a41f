package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.CreationJournal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link CreationJournal} that outlives a jcri restart as the files do: {@link
 * #restarted} makes every note open so far a leftover of an earlier run. {@link #failNextBegin}
 * makes the next note fail to be written.
 */
public class FakeCreationJournal implements CreationJournal {
    private final Map<String, Entry> open = new LinkedHashMap<>();
    private final Map<String, Entry> earlier = new LinkedHashMap<>();
    private final List<Entry> begun = new ArrayList<>();
    private RuntimeException nextBegin;

    private static String key(String id, Call call) {
        return id + "/" + call;
    }

    @Override
    public synchronized void begin(Entry entry) {
        if (nextBegin != null) {
            RuntimeException e = nextBegin;
            nextBegin = null;
            throw e;
        }
        open.put(key(entry.id(), entry.call()), entry);
        begun.add(entry);
    }

    @Override
    public synchronized void end(String id, Call call) {
        open.remove(key(id, call));
        earlier.remove(key(id, call));
    }

    @Override
    public synchronized List<Entry> leftovers() {
        return List.copyOf(earlier.values());
    }

    /** jcri restarted: the notes open now were left by the earlier run. */
    public synchronized void restarted() {
        earlier.putAll(open);
        open.clear();
    }

    /** The notes open now, this run's and the earlier runs'. */
    public synchronized List<Entry> open() {
        List<Entry> all = new ArrayList<>(earlier.values());
        all.addAll(open.values());
        return all;
    }

    /** Every note begun, in order. */
    public synchronized List<Entry> begun() {
        return List.copyOf(begun);
    }

    public synchronized void failNextBegin(String why) {
        nextBegin = new JcriException.Internal(why);
    }
}
