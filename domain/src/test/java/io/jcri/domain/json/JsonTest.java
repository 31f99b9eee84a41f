package io.jcri.domain.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValuesInInsertionOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "jcri");
        map.put("ready", true);
        map.put("count", 3);
        map.put("none", null);
        map.put("list", List.of("a", 1));
        assertThat(Json.write(map))
                .isEqualTo("{\"name\":\"jcri\",\"ready\":true,\"count\":3,\"none\":null,\"list\":[\"a\",1]}");
    }

    @Test
    void escapesControlCharactersAndQuotes() {
        assertThat(Json.write("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void parsesWhatItWrites() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "a\"b\n\u00e9");
        map.put("n", 42L);
        map.put("big", new java.math.BigDecimal("12345678901234567890"));
        map.put("f", new java.math.BigDecimal("1.5"));
        map.put("t", true);
        map.put("z", null);
        map.put("l", List.of("x", List.of(), Map.of()));
        assertThat(Json.parse(Json.write(map))).isEqualTo(map);
    }

    @Test
    void rejectsBrokenTextSayingWhere() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("{\"a\": [1, 2}"))
                .isInstanceOf(io.jcri.domain.error.JcriException.InvalidArgument.class)
                .hasMessageContaining("offset");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("1 2"))
                .hasMessageContaining("unexpected text");
    }
}
