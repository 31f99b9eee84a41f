package io.jcri.domain.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
    @Test
    void firstChainIdIsTheFirstDiffIdAndEachNextHashesThePair() {
        String a = "sha256:" + "1".repeat(64);
        String b = "sha256:" + "2".repeat(64);
        String c = "sha256:" + "3".repeat(64);
        List<String> chain = ChainIds.of(List.of(a, b, c));
        assertThat(chain.get(0)).isEqualTo(a);
        assertThat(chain.get(1)).isEqualTo(ChainIds.sha256(a + " " + b));
        assertThat(chain.get(2)).isEqualTo(ChainIds.sha256(chain.get(1) + " " + c));
        assertThat(ChainIds.top(List.of(a, b, c))).isEqualTo(chain.get(2));
        assertThat(ChainIds.top(List.of())).isEmpty();
    }

    @Test
    void matchesSha256sumOfTheJoinedPair() {
        // printf 'sha256:a sha256:b' | sha256sum
        assertThat(ChainIds.sha256("sha256:a sha256:b"))
                .isEqualTo("sha256:970a948bffa8de94d6e22d747ba8c95030e6e546909f98f54e99a13005e173a8");
    }
}
