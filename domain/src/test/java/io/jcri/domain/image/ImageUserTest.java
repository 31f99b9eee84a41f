package io.jcri.domain.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageUserTest {
    @ParameterizedTest
    @CsvSource({"'',,''", "0,0,''", "1000,1000,''", "1000:1000,1000,''", "nobody,,nobody", "app:app,,app", ":100,,''"})
    void userIsUidOrName(String user, Long uid, String name) {
        ImageUser u = ImageUser.of(user);
        assertThat(u.uid()).isEqualTo(uid);
        assertThat(u.username()).isEqualTo(name);
    }
}
