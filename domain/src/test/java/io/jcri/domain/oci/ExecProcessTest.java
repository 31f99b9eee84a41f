package io.jcri.domain.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecProcessTest {
    private static final String SPEC = "{\"ociVersion\":\"1.1.0\",\"process\":{\"terminal\":true,"
            + "\"consoleSize\":{\"height\":24,\"width\":80},\"user\":{\"uid\":1000,\"gid\":1000},"
            + "\"args\":[\"sleep\",\"1d\"],\"env\":[\"PATH=/bin\"],\"cwd\":\"/work\"}}";

    @Test
    void isTheSpecsProcessWithOtherArgsAndNoTerminal() {
        Object p = Json.parse(
                ExecProcess.of(SPEC, List.of("sh", "-c", "echo hi"), false).toJson());
        assertThat(p)
                .isEqualTo(Json.parse("{\"terminal\":false,\"user\":{\"uid\":1000,\"gid\":1000},"
                        + "\"args\":[\"sh\",\"-c\",\"echo hi\"],\"env\":[\"PATH=/bin\"],\"cwd\":\"/work\"}"));
    }

    @Test
    void aTtyExecAsksForATerminal() {
        Map<?, ?> p =
                (Map<?, ?>) Json.parse(ExecProcess.of(SPEC, List.of("sh"), true).toJson());
        assertThat(p.get("terminal")).isEqualTo(true);
        assertThat(p.containsKey("consoleSize")).isFalse();
    }

    @Test
    void aBuiltSpecsProcessKeepsAllButArgsAndTerminal() {
        OciSpec spec = Fixtures.build(Fixtures.container().build());
        Map<?, ?> built = (Map<?, ?>) ((Map<?, ?>) Json.parse(spec.toJson())).get("process");
        Map<?, ?> p = (Map<?, ?>)
                Json.parse(ExecProcess.of(spec.toJson(), List.of("true"), false).toJson());
        assertThat(p.get("args")).isEqualTo(List.of("true"));
        assertThat(p.get("env")).isEqualTo(built.get("env"));
        assertThat(p.get("user")).isEqualTo(built.get("user"));
        assertThat(p.get("capabilities")).isEqualTo(built.get("capabilities"));
    }

    @Test
    void aSpecWithoutProcessOrNotJsonIsInvalid() {
        assertThatThrownBy(() -> ExecProcess.of("{}", List.of("x"), false))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("no process");
        assertThatThrownBy(() -> ExecProcess.of("{not json", List.of("x"), false))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageStartingWith("the container's OCI spec is not JSON");
    }

    @Test
    void theTypedProcessSaysItsArgsAndTerminalAndWritesTheSpecsFieldOrder() {
        ExecProcess p = ExecProcess.of(SPEC, List.of("sh"), true);
        assertThat(p.args()).containsExactly("sh");
        assertThat(p.terminal()).isTrue();
        assertThat(p.toJson())
                .isEqualTo("{\"terminal\":true,\"user\":{\"uid\":1000,\"gid\":1000},"
                        + "\"args\":[\"sh\"],\"env\":[\"PATH=/bin\"],\"cwd\":\"/work\"}");
        assertThat(ExecProcess.parse(p.toJson())).isEqualTo(p);
    }

    @Test
    void aParsedProcessNeedsArgs() {
        assertThat(ExecProcess.parse("{\"args\":[\"true\"]}").args()).containsExactly("true");
        assertThatThrownBy(() -> ExecProcess.parse("{\"cwd\":\"/\"}"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("args");
    }
}
