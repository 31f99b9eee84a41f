package io.jcri.domain.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamingTest {

    @Test
    void idsAre64LowercaseHexAndDiffer() {
        String a = Ids.random();
        assertThat(a).matches("[0-9a-f]{64}");
        assertThat(Ids.random()).isNotEqualTo(a);
    }

    @Test
    void aNameIsHeldByOneIdAtATime() {
        NameReservations names = new NameReservations("sandbox");
        names.reserve("web_default_uid_0", "id1");
        names.reserve("web_default_uid_0", "id1");
        assertThatThrownBy(() -> names.reserve("web_default_uid_0", "id2"))
                .isInstanceOf(JcriException.AlreadyExists.class)
                .hasMessageContaining("web_default_uid_0")
                .hasMessageContaining("id1");
        names.release("web_default_uid_0", "id2");
        assertThat(names.holder("web_default_uid_0")).contains("id1");
        names.release("web_default_uid_0", "id1");
        names.reserve("web_default_uid_0", "id2");
        assertThat(names.holder("web_default_uid_0")).contains("id2");
    }

    @Test
    void idsResolveByFullIdOrUniquePrefix() {
        List<String> ids = List.of("abc123", "abd456", "ffff");
        assertThat(IdIndex.resolve("container", "abc123", ids)).isEqualTo("abc123");
        assertThat(IdIndex.resolve("container", "abc", ids)).isEqualTo("abc123");
        assertThat(IdIndex.resolve("container", "f", ids)).isEqualTo("ffff");
        assertThatThrownBy(() -> IdIndex.resolve("container", "ab", ids))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> IdIndex.resolve("container", "zz", ids))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("container \"zz\" not found");
        assertThatThrownBy(() -> IdIndex.resolve("container", "", ids))
                .isInstanceOf(JcriException.InvalidArgument.class);
    }

    @Test
    void anIdOfBlanksOrControlCharactersIsNamedByItsFieldWithTheCharactersEscaped() {
        List<String> ids = List.of("abc123");
        assertThatThrownBy(() -> IdIndex.resolve("container", "\t\n\r", ids))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessage("container id \"\\t\\n\\r\" not found");
        assertThatThrownBy(() -> IdIndex.resolve("sandbox", " ", ids))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessage("sandbox id \" \" not found");
        assertThat(IdIndex.named("pod sandbox", "\u001e\uD83D\uDCA5\u200b"))
                .isEqualTo("pod sandbox id \"\\u001e\uD83D\uDCA5\\u200b\"");
        assertThat(IdIndex.named("container", "💥 x")).isEqualTo("container \"💥 x\"");
    }

    @Test
    void labelSelectorNeedsEveryKeyWithItsValue() {
        Map<String, String> labels = Map.of("app", "web", "tier", "front");
        assertThat(LabelSelector.matches(Map.of(), labels)).isTrue();
        assertThat(LabelSelector.matches(Map.of("app", "web"), labels)).isTrue();
        assertThat(LabelSelector.matches(Map.of("app", "web", "tier", "front"), labels))
                .isTrue();
        assertThat(LabelSelector.matches(Map.of("app", "db"), labels)).isFalse();
        assertThat(LabelSelector.matches(Map.of("zone", "a"), labels)).isFalse();
    }
}
