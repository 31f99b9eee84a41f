package io.jcri.domain.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvMergeTest {

    @Test
    void laterLayersReplaceAKeyInPlaceAndAppendNewOnes() {
        assertThat(EnvMerge.merge(List.of("PATH=/bin", "A=1"), List.of("B=2", "A=image"), List.of("A=cri", "C=3")))
                .containsExactly("PATH=/bin", "A=cri", "B=2", "C=3");
    }

    @Test
    void keepsValuesWithEqualsSignsAndKeysWithoutValues() {
        assertThat(EnvMerge.merge(List.of("OPTS=a=b", "BARE"), List.of("BARE=now")))
                .containsExactly("OPTS=a=b", "BARE=now");
    }
}
