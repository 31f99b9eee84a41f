package io.jcri.ports.application.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeHandlersTest {

    @Test
    void featuresAreLookedUpByNameWithTheEmptyNameMeaningTheDefault() {
        RuntimeHandlers handlers = new RuntimeHandlers(
                Map.of("runc", OciRuntime.runcV2(), "other", OciRuntime.runcV2()),
                "runc",
                Map.of("runc", new HandlerFeatures(true)));
        assertThat(handlers.featuresOf("runc").recursiveReadOnlyMounts()).isTrue();
        assertThat(handlers.featuresOf("").recursiveReadOnlyMounts()).isTrue();
        assertThat(handlers.featuresOf("other")).isEqualTo(HandlerFeatures.NONE);
        assertThat(new RuntimeHandlers(Map.of("runc", OciRuntime.runcV2()), "runc").featuresOf("runc"))
                .isEqualTo(HandlerFeatures.NONE);
    }
}
