package io.jcri.adapters.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginEnvironmentTest {
    @TempDir
    Path bin;

    @Test
    void aPluginSeesOnlyPathAndTheCniVariables() throws Exception {
        assertThat(System.getenv())
                .as("the test's own environment has more than PATH")
                .containsKey("HOME");
        Path plugin = Files.writeString(bin.resolve("envdump"), "#!/bin/sh\nenv -0 > \"$CNI_ARGS\"\necho '{}'\n");
        plugin.toFile().setExecutable(true);
        Path out = bin.resolve("env.out");
        ExecutorService io = Executors.newCachedThreadPool();
        try {
            new PluginExec(List.of(bin), Duration.ofSeconds(20), io)
                    .run(
                            "envdump",
                            new PluginExec.Invocation("ADD", "sb1", "/run/netns/x", "eth0", out.toString(), "pods"),
                            "{}");
        } finally {
            io.shutdownNow();
        }
        List<String> names = List.of(Files.readString(out).split("\0")).stream()
                .map(kv -> kv.substring(0, kv.indexOf('=')))
                .filter(n -> !n.equals("PWD") && !n.equals("SHLVL") && !n.equals("_")) // the shell's own
                .sorted()
                .toList();
        assertThat(names)
                .containsExactly(
                        "CNI_ARGS", "CNI_COMMAND", "CNI_CONTAINERID", "CNI_IFNAME", "CNI_NETNS", "CNI_PATH", "PATH");
    }
}
