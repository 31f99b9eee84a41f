package io.jcri.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryAuthTest {
    @Test
    void base64AuthDecodesToUserAndPassword() {
        String auth = Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes());
        RegistryAuth r = new RegistryAuth("", "", auth, "", "").resolved();
        assertThat(r.username()).isEqualTo("alice");
        assertThat(r.password()).isEqualTo("s3cr:et");
    }

    @Test
    void badAuthIsInvalidArgumentWithoutTheSecret() {
        assertThatThrownBy(() -> new RegistryAuth("", "", "bm9jb2xvbg==", "", "").resolved())
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageNotContaining("bm9jb2xvbg");
    }

    @Test
    void toStringNeverShowsSecrets() {
        RegistryAuth r = new RegistryAuth("bob", "pw-123", "YWJj", "idtok", "regtok");
        assertThat(r.toString())
                .doesNotContain("pw-123", "YWJj", "idtok", "regtok")
                .contains("bob");
        assertThat(RegistryAuth.NONE.isEmpty()).isTrue();
    }
}
