package io.jcri.app;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerRuntime;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** {@code /actuator/info}: jcri's version and containerd's, asked now. */
@Component
class VersionsInfoContributor implements InfoContributor {
    private final ContainerRuntime runtime;
    private final JcriConfiguration.JcriVersion version;

    VersionsInfoContributor(ContainerRuntime runtime, JcriConfiguration.JcriVersion version) {
        this.runtime = runtime;
        this.version = version;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("jcri", Map.of("version", version.value(), "runtimeApiVersion", "v1"));
        try {
            var engine = runtime.engineInfo();
            builder.withDetail("containerd", Map.of("version", engine.version(), "revision", engine.revision()));
        } catch (JcriException e) {
            builder.withDetail("containerd", Map.of("error", e.getMessage()));
        }
    }
}
