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
}
