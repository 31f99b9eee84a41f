package io.jcri.domain.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcessArgsTest {
    static final List<String> ENTRYPOINT = List.of("/entry", "--flag");
    static final List<String> CMD = List.of("default-arg");

    static Stream<Arguments> kubernetesRules() {
        return Stream.of(
                Arguments.of(
                        "neither: image entrypoint + cmd",
                        List.of(),
                        List.of(),
                        List.of("/entry", "--flag", "default-arg")),
                Arguments.of(
                        "command only: command, image ignored", List.of("/bin/cmd"), List.of(), List.of("/bin/cmd")),
                Arguments.of(
                        "args only: image entrypoint + args",
                        List.of(),
                        List.of("a", "b"),
                        List.of("/entry", "--flag", "a", "b")),
                Arguments.of("both: command + args", List.of("/bin/cmd"), List.of("a"), List.of("/bin/cmd", "a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubernetesRules")
    void mergesCommandAndArgsWithTheImage(String rule, List<String> command, List<String> args, List<String> expected) {
        assertThat(ProcessArgs.merge("app", command, args, ENTRYPOINT, CMD)).containsExactlyElementsOf(expected);
    }

    @Test
    void argsWithoutAnyEntrypointRunTheArgs() {
        assertThat(ProcessArgs.merge("app", List.of(), List.of("sh", "-c", "x"), List.of(), List.of("ignored")))
                .containsExactly("sh", "-c", "x");
    }

    @Test
    void nothingToRunIsAnInvalidArgumentNamingTheContainer() {
        assertThatThrownBy(() -> ProcessArgs.merge("app", List.of(), List.of(), List.of(), List.of()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"app\"")
                .hasMessageContaining("no command");
    }
}
