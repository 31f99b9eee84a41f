package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.ports.application.container.ImageDefinedVolumes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagePropertiesTest {
    @Test
    void imageVolumesDefaultsToCopyAndTakesIgnore() {
        assertThat(JcriProperties.defaults().image().volumesMode()).isEqualTo(ImageDefinedVolumes.Mode.COPY);
        ImageProperties image = JcriPropertiesValidatorTest.bind(Map.of("jcri.image.volumes", "ignore"))
                .image();
        assertThat(image.volumesMode()).isEqualTo(ImageDefinedVolumes.Mode.IGNORE);
    }

    @Test
    void anotherImageVolumesValueIsRefusedNamingTheKey() {
        ImageProperties image = JcriPropertiesValidatorTest.bind(Map.of("jcri.image.volumes", "mkdir"))
                .image();
        assertThatThrownBy(image::volumesMode)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("jcri.image.volumes")
                .hasMessageContaining("must be copy or ignore, got \"mkdir\"");
    }
}
