package io.jcri.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawJsonTest {

    @Test
    void isEmbeddedAsItIs() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("seccomp", new RawJson(" {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"n\": [1, -2.5e3, true, null]}\n"));
        assertThat(Json.write(map))
                .isEqualTo("{\"seccomp\":{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"n\": [1, -2.5e3, true, null]}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "'single'", "01", "{\"a\":\"\\x\"}", "tru"})
    void refusesTextThatIsNotOneJsonValue(String text) {
        assertThatThrownBy(() -> new RawJson(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }
}
