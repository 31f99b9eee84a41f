package io.jcri.adapters.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pause program the build compiles: sleeps, exits on SIGTERM/SIGINT, reaps orphans as PID 1. */
class PauseProgramTest {
    @TempDir
    static Path tmp;

    static Path pause;

    @BeforeAll
    static void extract() throws IOException {
        try (InputStream in = PauseProgramTest.class.getResourceAsStream("pause/jcri-pause")) {
            assertThat(in).as("the build packs jcri-pause as a resource").isNotNull();
            pause = tmp.resolve("jcri-pause");
            Files.copy(in, pause);
        }
        Files.setPosixFilePermissions(pause, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void isAStaticExecutable() throws Exception {
        Process file = new ProcessBuilder("ldd", pause.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(file.getInputStream().readAllBytes());
        file.waitFor(10, TimeUnit.SECONDS);
        assertThat(out).containsIgnoringCase("not a dynamic executable");
    }

    @Test
    void exitsCleanlyOnSigtermAndSigint() throws Exception {
        for (String signal : new String[] {"TERM", "INT"}) {
            Process p = new ProcessBuilder(pause.toString()).start();
            Thread.sleep(200);
            assertThat(p.isAlive()).isTrue();
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .start()
                    .waitFor();
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit code after SIG" + signal).isZero();
        }
    }

    @Test
    void reapsOrphansWhenPidOneOfItsNamespace() throws Exception {
        // pause as PID 1 of a new PID namespace; a shell entering it leaves a child behind
        Process ns = new ProcessBuilder("unshare", "--pid", "--fork", pause.toString()).start();
        try {
            long pausePid = waitForChild(ns.pid());
            Process orphanMaker = new ProcessBuilder(
                            "nsenter", "-t", Long.toString(pausePid), "-p", "--", "sh", "-c", "sleep 0.2 & exit 0")
                    .start();
            assertThat(orphanMaker.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1500);
            String children = Files.readString(Path.of("/proc/" + pausePid + "/task/" + pausePid + "/children"))
                    .trim();
            for (String child : children.isEmpty() ? new String[0] : children.split("\\s+")) {
                String stat = Files.readString(Path.of("/proc/" + child + "/stat"));
                assertThat(stat.substring(stat.lastIndexOf(')') + 2).charAt(0))
                        .as("child %s of pause is not a zombie", child)
                        .isNotEqualTo('Z');
            }
        } finally {
            ns.descendants().forEach(ProcessHandle::destroy);
            ns.destroy();
            ns.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static long waitForChild(long parent) throws Exception {
        for (int i = 0; i < 50; i++) {
            var child = ProcessHandle.of(parent).flatMap(h -> h.children().findFirst());
            if (child.isPresent()) {
                Thread.sleep(100);
                return child.get().pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("unshare did not start pause");
    }
}
