package io.jcri.domain.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OomScoreTest {

    @ParameterizedTest(name = "wanted {0}, current {1} -> {2}")
    @CsvSource({"-998, 0, 0", "-998, -999, -998", "500, 0, 500", "-997, -500, -500", "1000, 1000, 1000"})
    void neverGoesBelowTheCurrentValue(long wanted, int current, int expected) {
        assertThat(OomScore.clamp(wanted, current)).isEqualTo(expected);
    }

    @Test
    void refusesValuesOutsideTheKernelRange() {
        assertThatThrownBy(() -> OomScore.clamp(1001, 0)).isInstanceOf(JcriException.InvalidArgument.class);
    }
}
