package io.jcri.adapters.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortParametersTest {
    @Test
    void portsComeInOrderFromEachParameterAndItsCommaSeparatedList() {
        assertThat(PortParameters.parse(List.of("80", " 8080 ,9090", "1,65535")))
                .containsExactly(80, 8080, 9090, 1, 65535);
        assertThat(PortParameters.parse(List.of())).isEmpty();
    }

    @Test
    void aValueThatIsNotAPortIsRejected() {
        assertThatThrownBy(() -> PortParameters.parse(List.of("80", "0")))
                .isInstanceOf(NumberFormatException.class)
                .hasMessage("port 0 is not in 1..65535");
        assertThatThrownBy(() -> PortParameters.parse(List.of("65536")))
                .isInstanceOf(NumberFormatException.class)
                .hasMessage("port 65536 is not in 1..65535");
        assertThatThrownBy(() -> PortParameters.parse(List.of("http"))).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> PortParameters.parse(List.of(",80"))).isInstanceOf(NumberFormatException.class);
    }
}
