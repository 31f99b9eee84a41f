package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.ports.application.container.ImageDefinedVolumes;
import org.junit.jupiter.api.Test;

class ImagePropertiesTest {
    @Test
    void imageVolumesDefaultsToCopyAndTakesIgnore() {
        ImageProperties image = new ImageProperties();
        assertThat(JcriConfiguration.imageVolumesMode(image)).isEqualTo(ImageDefinedVolumes.Mode.COPY);
        image.setVolumes("ignore");
        assertThat(JcriConfiguration.imageVolumesMode(image)).isEqualTo(ImageDefinedVolumes.Mode.IGNORE);
    }

    @Test
    void anotherImageVolumesValueIsRefusedNamingTheKey() {
        ImageProperties image = new ImageProperties();
        image.setVolumes("mkdir");
        assertThatThrownBy(() -> JcriConfiguration.validateImage(image))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("jcri.image.volumes")
                .hasMessageContaining("must be copy or ignore, got \"mkdir\"");
    }
}
