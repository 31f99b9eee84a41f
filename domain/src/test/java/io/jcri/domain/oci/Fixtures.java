package io.jcri.domain.oci;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.ImageProcessDefaults;
import io.jcri.domain.container.SandboxConfig;
import java.util.List;

/** Shared inputs of the spec builder tests: a pod, a busybox-like image and a typical node. */
final class Fixtures {
    private Fixtures() {}

    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n";
    static final String GROUP = "root:x:0:\napp:x:1000:\nextra:x:2000:app\n";

    static final ImageProcessDefaults IMAGE = new ImageProcessDefaults(
            List.of("/entry"), List.of("serve"), List.of("PATH=/image/bin", "MODE=image", "KEEP=1"), "/srv", "", "");

    static final ImageProcessDefaults PAUSE = ImageProcessDefaults.of(List.of("/pause"), List.of());

    static SandboxConfig pod() {
        return SandboxConfig.builder("web-0", "uid-123", "prod")
                .hostname("web-0")
                .logDirectory("/var/log/pods/prod_web-0_uid-123")
                .cgroupParent("/kubepods/pod-uid-123")
                .build();
    }

    static SandboxPlacement sandboxPlacement() {
        return SandboxPlacement.of("sb-1", PAUSE, "/run/netns/cni-1")
                .withShmPath("/var/lib/jcri/sandboxes/sb-1/shm")
                .withFiles(
                        "/var/lib/jcri/sandboxes/sb-1/hostname",
                        "/var/lib/jcri/sandboxes/sb-1/hosts",
                        "/var/lib/jcri/sandboxes/sb-1/resolv.conf");
    }

    static ContainerPlacement placement() {
        return ContainerPlacement.of("ctr-1", sandboxPlacement(), 4242, IMAGE).withUserFiles(PASSWD, GROUP);
    }

    static ContainerConfig.Builder container() {
        return ContainerConfig.builder("app", "docker.io/library/busybox:1.36");
    }

    static ContainerConfig withSecurity(ContainerSecurity.Builder security) {
        return container().security(security.build()).build();
    }

    static OciSpec build(ContainerConfig config) {
        return new OciSpecBuilder(HostFacts.typical()).container(config, placement(), pod());
    }

    static OciSpec build(ContainerConfig config, HostFacts host) {
        return new OciSpecBuilder(host).container(config, placement(), pod());
    }
}
