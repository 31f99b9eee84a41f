package io.jcri.adapters.containerd.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import io.jcri.domain.stats.FsCapacity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatvfsTest {
    @TempDir
    Path dir;

    @Test
    void theSizeIsInFragmentUnitsAndTheInodesFollowTheBlockCounts() {
        try (Memory buf = new Memory(128)) {
            buf.clear();
            buf.setLong(0, 4096); // f_bsize
            buf.setLong(8, 1024); // f_frsize
            buf.setLong(16, 2000); // f_blocks
            buf.setLong(40, 500); // f_files
            buf.setLong(48, 120); // f_ffree
            assertThat(Statvfs.decode(buf)).isEqualTo(new FsCapacity(2_048_000, 500, 120));
        }
    }

    @Test
    void aRealDirectoryHasTheSizeOfItsFilesystemAndAMissingOneNone() throws Exception {
        FsCapacity fs = Statvfs.of(dir).orElseThrow();
        assertThat(fs.capacityBytes()).isEqualTo(Files.getFileStore(dir).getTotalSpace());
        assertThat(fs.inodesFree()).isLessThanOrEqualTo(fs.inodesTotal());
        assertThat(Statvfs.of(dir.resolve("missing"))).isEmpty();
    }
}
