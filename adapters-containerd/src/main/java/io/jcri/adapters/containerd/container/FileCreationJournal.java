package io.jcri.adapters.containerd.container;

import io.jcri.adapters.containerd.node.DurableFiles;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.CreationJournal;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The creation journal as one small file per note, {@code <dir>/<id>.<call>} ({@code
 * container} or {@code task}), each written durably ({@link DurableFiles}) before the engine call
 * and deleted after it (a {@code sandbox} note's deletion durably too; the others' need not be:
 * recovery finds the id whole, or clean, and leaves it so). Temp files a crash left are removed when it is opened. {@link
 * #leftovers} lists the notes not begun by this process.
 */
final class FileCreationJournal implements CreationJournal {
    private static final Logger log = LoggerFactory.getLogger(FileCreationJournal.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path dir;
    private final Set<String> mine = ConcurrentHashMap.newKeySet();

    FileCreationJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            int stale = DurableFiles.removeStaleTemps(dir, 1);
            if (stale > 0) {
                log.info("removed {} temp file(s) a crash left in {}", stale, dir);
            }
        } catch (IOException e) {
            throw new JcriException.Internal("cannot open the creation journal " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id, Call call) {
        if (!ID.matcher(id).matches()) {
            throw new JcriException.InvalidArgument("id \"" + id + "\" cannot name a creation note");
        }
        return dir.resolve(id + "." + call.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void begin(Entry entry) {
        Path f = file(entry.id(), entry.call());
        String text = "snapshotter=" + entry.snapshotter() + "\nsnapshotKey=" + entry.snapshotKey() + "\nlease="
                + entry.lease() + "\n";
        mine.add(f.getFileName().toString());
        try {
            DurableFiles.write(f, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            mine.remove(f.getFileName().toString());
            throw new JcriException.Internal(
                    "cannot note the creation of " + entry.id() + " in " + f + " (nothing was created): "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void end(String id, Call call) {
        Path f = file(id, call);
        try {
            if (call == Call.SANDBOX) {
                // a SANDBOX note left over tears its pod down at the next start: gone for good
                DurableFiles.delete(f);
            } else {
                // a record or task note left over by a power loss only has recovery look at an
                // id that is whole (or gone): no fsync of the directory for its removal
                DurableFiles.deleteNotSynced(f);
            }
        } catch (IOException e) {
            throw new JcriException.Internal("cannot remove the creation note " + f + ": " + e.getMessage(), e);
        } finally {
            mine.remove(f.getFileName().toString());
        }
    }

    @Override
    public List<Entry> leftovers() {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0 || mine.contains(name) || name.endsWith(DurableFiles.TEMP_SUFFIX)) {
                    continue;
                }
                Call call;
                try {
                    call = Call.valueOf(name.substring(dot + 1).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                Properties p = new Properties();
                try {
                    p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    log.warn("creation note {} is unreadable ({}); taking it as an id alone", f, e.getMessage());
                }
                out.add(new Entry(
                        name.substring(0, dot),
                        call,
                        p.getProperty("snapshotter", ""),
                        p.getProperty("snapshotKey", ""),
                        p.getProperty("lease", "")));
            }
        } catch (IOException e) {
            throw new JcriException.Internal("cannot list the creation journal " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
