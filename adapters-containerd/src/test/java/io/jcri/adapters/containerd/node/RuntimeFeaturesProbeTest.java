package io.jcri.adapters.containerd.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeFeaturesProbeTest {
    static final String FEATURES = """
            {"ociVersionMin": "1.0.0", "mountOptions": ["bind", "rbind", "ro", "rro", "rrw"], "hooks": ["prestart"]}
            """;

    @TempDir
    Path dir;

    /** A stand-in OCI runtime: prints {@code stdout} for {@code features} and exits with {@code code}. */
    Path fakeRuntime(String stdout, int code) throws IOException {
        Path script = dir.resolve("fake-runc");
        Files.writeString(
                script,
                "#!/bin/sh\n[ \"$1\" = features ] || exit 2\ncat <<'JSON'\n" + stdout + "JSON\nexit " + code + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void readsTheMountOptionsOfAFeaturesDocument() {
        assertThat(RuntimeFeaturesProbe.parseMountOptions(FEATURES)).contains("rro", "ro");
        assertThat(RuntimeFeaturesProbe.parseMountOptions("{\"ociVersionMin\": \"1.0.0\"}"))
                .isEmpty();
        assertThat(RuntimeFeaturesProbe.parseMountOptions("Incorrect Usage: flag provided but not defined"))
                .isEmpty();
    }

    @Test
    void asksTheRuntimeBinaryAndTakesNothingFromAFailureOrAMissingBinary() throws IOException {
        Path ok = fakeRuntime(FEATURES, 0);
        assertThat(RuntimeFeaturesProbe.mountOptions(List.of(ok.toString(), "features")))
                .contains("rro");
        Path failing = fakeRuntime(FEATURES, 1);
        assertThat(RuntimeFeaturesProbe.mountOptions(List.of(failing.toString(), "features")))
                .isEmpty();
        assertThat(RuntimeFeaturesProbe.mountOptions(
                        List.of(dir.resolve("no-such-runc").toString(), "features")))
                .isEmpty();
    }

    @Test
    void aRuncHandlerCanDoRecursiveReadOnlyWhenItsBinaryTakesRroAndTheKernelHasMountSetattr() throws IOException {
        Path withRro = fakeRuntime(FEATURES, 0);
        OciRuntime runtime = new OciRuntime(OciRuntime.RUNC_V2, withRro.toString(), "", false);
        assertThat(RuntimeFeaturesProbe.probe("runc", runtime).recursiveReadOnlyMounts())
                .isEqualTo(MountSetattr.available());

        Path withoutRro = fakeRuntime("{\"mountOptions\": [\"bind\", \"ro\"]}\n", 0);
        OciRuntime old = new OciRuntime(OciRuntime.RUNC_V2, withoutRro.toString(), "", false);
        assertThat(RuntimeFeaturesProbe.probe("old", old)).isEqualTo(HandlerFeatures.NONE);
    }

    @Test
    void otherShimsCanDoNothingSpecial() throws IOException {
        Path withRro = fakeRuntime(FEATURES, 0);
        OciRuntime kata = new OciRuntime("io.containerd.kata.v2", withRro.toString(), "", false);
        assertThat(RuntimeFeaturesProbe.probe("kata", kata)).isEqualTo(HandlerFeatures.NONE);
    }

    @Test
    void aLinuxKernelFrom512OnHasMountSetattr() {
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        String[] v = System.getProperty("os.version").split("[.-]");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        assumeTrue(major > 5 || (major == 5 && minor >= 12), "kernel older than 5.12");
        assumeTrue(System.getProperty("os.arch").matches("amd64|x86_64|aarch64"));
        assertThat(MountSetattr.available()).isTrue();
        assertThat(MountSetattr.probe("alpha")).isFalse();
    }
}
