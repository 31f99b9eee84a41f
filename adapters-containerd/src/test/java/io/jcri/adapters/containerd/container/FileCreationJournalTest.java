package io.jcri.adapters.containerd.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.CreationJournal.Call;
import io.jcri.ports.out.CreationJournal.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCreationJournalTest {
    @TempDir
    Path tmp;

    @Test
    void notesOfAnEarlierRunAreLeftoversWithWhatTheyRecordedAndThisRunsAreNot() {
        Path dir = tmp.resolve("creating");
        FileCreationJournal first = new FileCreationJournal(dir);
        first.begin(new Entry("pod1", Call.CONTAINER, "overlayfs", "pod1", "jcri-sandbox-pod1"));
        first.begin(Entry.task("pod2", ""));
        first.begin(Entry.task("done", ""));
        first.end("done", Call.TASK);
        assertThat(first.leftovers()).isEmpty();

        FileCreationJournal next = new FileCreationJournal(dir); // jcri killed, started again
        assertThat(next.leftovers())
                .containsExactlyInAnyOrder(
                        new Entry("pod1", Call.CONTAINER, "overlayfs", "pod1", "jcri-sandbox-pod1"),
                        Entry.task("pod2", ""));
        next.begin(Entry.task("pod3", ""));
        assertThat(next.leftovers()).extracting(Entry::id).containsExactlyInAnyOrder("pod1", "pod2");
        next.end("pod1", Call.CONTAINER);
        next.end("pod2", Call.TASK);
        next.end("pod2", Call.TASK);
        assertThat(next.leftovers()).isEmpty();
    }

    @Test
    void aTempFileACrashLeftIsRemovedWhenTheJournalOpensAndIsNoNote() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("creating"));
        Files.writeString(dir.resolve(".pod9.task.12.tmp"), "snapsh");

        FileCreationJournal journal = new FileCreationJournal(dir);
        assertThat(journal.leftovers()).isEmpty();
        assertThat(dir.resolve(".pod9.task.12.tmp")).doesNotExist();
    }

    @Test
    void anIdThatCannotNameAFileIsRefused() {
        FileCreationJournal journal = new FileCreationJournal(tmp);
        assertThatThrownBy(() -> journal.begin(Entry.task("../x", "")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("../x");
    }
}
