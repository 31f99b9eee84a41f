package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.JcriProcess;
import io.jcri.it.fixtures.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * scripts/install.sh into a temporary root (DESTDIR: no packages, no systemctl) and the unit it
 * installs checked by systemd-analyze verify.
 */
class PackagingIT {
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private Path root;

    @BeforeEach
    void createRoot() {
        root = TestDirs.create("install");
    }

    @AfterEach
    void removeRoot() {
        TestDirs.delete(root);
    }

    private Commands.Result install() {
        return Commands.run(List.of(
                "env",
                "DESTDIR=" + root,
                "JCRI_JAR=" + JcriProcess.jar(),
                JcriProcess.PROJECT.resolve("scripts/install.sh").toString()));
    }

    @Test
    void installPutsJarUnitAndDefaultsInPlaceAndKeepsAnAdminsFiles() throws IOException {
        Commands.Result first = install();
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(root.resolve("usr/local/lib/jcri/jcri.jar")).hasSameBinaryContentAs(JcriProcess.jar());
        assertThat(root.resolve("etc/systemd/system/jcri.service"))
                .hasSameTextualContentAs(JcriProcess.PROJECT.resolve("packaging/jcri.service"));
        assertThat(root.resolve("etc/jcri/jcri.yaml"))
                .hasSameTextualContentAs(JcriProcess.PROJECT.resolve("packaging/jcri.yaml"));
        assertThat(Files.readString(root.resolve("etc/crictl.yaml")))
                .contains("runtime-endpoint: unix:///run/jcri/jcri.sock")
                .contains("image-endpoint: unix:///run/jcri/jcri.sock");
        assertThat(root.resolve("etc/default/jcri")).exists();

        Files.writeString(root.resolve("etc/jcri/jcri.yaml"), "jcri:\n  sandbox-image: mine\n");
        Files.writeString(root.resolve("etc/crictl.yaml"), "runtime-endpoint: unix:///elsewhere.sock\n");
        Commands.Result again = install();
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output())
                .contains("kept " + root.resolve("etc/jcri/jcri.yaml"))
                .contains("kept " + root.resolve("etc/crictl.yaml"))
                .contains("points crictl elsewhere");
        assertThat(Files.readString(root.resolve("etc/jcri/jcri.yaml"))).isEqualTo("jcri:\n  sandbox-image: mine\n");
        assertThat(Files.readString(root.resolve("etc/crictl.yaml")))
                .isEqualTo("runtime-endpoint: unix:///elsewhere.sock\n");
    }

    @Test
    void theInstalledUnitPassesSystemdAnalyzeVerify() throws IOException {
        assumeThat(Files.isExecutable(SYSTEMD_ANALYZE))
                .as("systemd-analyze at " + SYSTEMD_ANALYZE)
                .isTrue();
        Commands.Result installed = install();
        assertThat(installed.exit()).as(installed.output()).isZero();
        Path unit = root.resolve("etc/systemd/system/jcri.service");
        // verify checks that ExecStart's binary exists; it is the machine's java
        assertThat(Path.of("/usr/bin/java")).isExecutable();
        Commands.Result verify = Commands.run(SYSTEMD_ANALYZE.toString(), "verify", unit.toString());
        // systemd-analyze exits 0 on settings it ignores, so its output must be empty too
        assertThat(verify.output()).as("systemd-analyze verify %s", unit).isEmpty();
        assertThat(verify.exit()).isZero();
        assertThat(Files.readAllLines(unit))
                .contains(
                        "KillMode=process",
                        "Delegate=yes",
                        "Restart=always",
                        "RuntimeDirectory=jcri",
                        "RuntimeDirectoryPreserve=yes",
                        "EnvironmentFile=-/etc/default/jcri",
                        "LimitNOFILE=1048576",
                        "ExecStart=/usr/bin/java $JAVA_OPTS -jar /usr/local/lib/jcri/jcri.jar $JCRI_OPTS");
    }
}
