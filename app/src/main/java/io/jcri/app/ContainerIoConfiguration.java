package io.jcri.app;

import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node side of tasks' stdio: FIFOs, CRI logs, attach and ExecSync (FIFOs under the state dir). */
@Configuration(proxyBeanMethods = false)
class ContainerIoConfiguration {

    @Bean
    ContainerIo containerIo(ContainerRuntime runtime, JcriConfiguration.ValidatedSettings settings) {
        return ContainerdAdapters.containerIo(
                runtime, settings.properties().stateDir().resolve("io").resolve("exec"));
    }
}
