package io.jcri.domain.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the CRI asks of a container (CreateContainer's {@code ContainerConfig}, Linux parts).
 * {@code image} is the image as the kubelet named it (an image ID, a tag or a digest reference);
 * {@code envs} keep the CRI's order; {@code imageRequest} is the rest of the CRI's ImageSpec;
 * {@code cdiDevices} are the fully qualified CDI device names of the CRI's {@code CDI_devices}
 * ({@code vendor.com/class=name}; the {@code cdi.k8s.io/} annotations are read apart).
 */
public record ContainerConfig(
        String name,
        int attempt,
        String image,
        List<String> command,
        List<String> args,
        String workingDir,
        List<EnvVar> envs,
        List<ContainerMount> mounts,
        List<Device> devices,
        Map<String, String> labels,
        Map<String, String> annotations,
        String logPath,
        boolean stdin,
        boolean stdinOnce,
        boolean tty,
        LinuxResources resources,
        ContainerSecurity security,
        ImageRequest imageRequest,
        List<String> cdiDevices) {

    public ContainerConfig {
        Objects.requireNonNull(name, "name");
        image = image == null ? "" : image;
        command = List.copyOf(command == null ? List.of() : command);
        args = List.copyOf(args == null ? List.of() : args);
        workingDir = workingDir == null ? "" : workingDir;
        envs = List.copyOf(envs == null ? List.of() : envs);
        mounts = List.copyOf(mounts == null ? List.of() : mounts);
        devices = List.copyOf(devices == null ? List.of() : devices);
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
        logPath = logPath == null ? "" : logPath;
        resources = resources == null ? LinuxResources.NONE : resources;
        security = security == null ? ContainerSecurity.defaults() : security;
        imageRequest = imageRequest == null ? ImageRequest.NONE : imageRequest;
        cdiDevices = List.copyOf(cdiDevices == null ? List.of() : cdiDevices);
    }

    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    public Builder toBuilder() {
        return new Builder(name, image)
                .attempt(attempt)
                .command(command)
                .args(args)
                .workingDir(workingDir)
                .envs(envs)
                .mounts(mounts)
                .devices(devices)
                .labels(labels)
                .annotations(annotations)
                .logPath(logPath)
                .stdin(stdin)
                .stdinOnce(stdinOnce)
                .tty(tty)
                .resources(resources)
                .security(security)
                .imageRequest(imageRequest)
                .cdiDevices(cdiDevices);
    }

    /** Builds a {@link ContainerConfig}; unset fields are empty or the CRI defaults. */
    public static final class Builder {
        private final String name;
        private final String image;
        private int attempt;
        private List<String> command = List.of();
        private List<String> args = List.of();
        private String workingDir = "";
        private List<EnvVar> envs = List.of();
        private List<ContainerMount> mounts = List.of();
        private List<Device> devices = List.of();
        private Map<String, String> labels = Map.of();
        private Map<String, String> annotations = Map.of();
        private String logPath = "";
        private boolean stdin;
        private boolean stdinOnce;
        private boolean tty;
        private LinuxResources resources = LinuxResources.NONE;
        private ContainerSecurity security = ContainerSecurity.defaults();
        private ImageRequest imageRequest = ImageRequest.NONE;
        private List<String> cdiDevices = List.of();

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        public Builder attempt(int value) {
            attempt = value;
            return this;
        }

        public Builder command(List<String> value) {
            command = value;
            return this;
        }

        public Builder args(List<String> value) {
            args = value;
            return this;
        }

        public Builder workingDir(String value) {
            workingDir = value;
            return this;
        }

        public Builder envs(List<EnvVar> value) {
            envs = value;
            return this;
        }

        public Builder mounts(List<ContainerMount> value) {
            mounts = value;
            return this;
        }

        public Builder devices(List<Device> value) {
            devices = value;
            return this;
        }

        public Builder labels(Map<String, String> value) {
            labels = value;
            return this;
        }

        public Builder annotations(Map<String, String> value) {
            annotations = value;
            return this;
        }

        public Builder logPath(String value) {
            logPath = value;
            return this;
        }

        public Builder stdin(boolean value) {
            stdin = value;
            return this;
        }

        public Builder stdinOnce(boolean value) {
            stdinOnce = value;
            return this;
        }

        public Builder tty(boolean value) {
            tty = value;
            return this;
        }

        public Builder resources(LinuxResources value) {
            resources = value;
            return this;
        }

        public Builder security(ContainerSecurity value) {
            security = value;
            return this;
        }

        public Builder imageRequest(ImageRequest value) {
            imageRequest = value;
            return this;
        }

        public Builder cdiDevices(List<String> value) {
            cdiDevices = value;
            return this;
        }

        public ContainerConfig build() {
            return new ContainerConfig(
                    name,
                    attempt,
                    image,
                    command,
                    args,
                    workingDir,
                    envs,
                    mounts,
                    devices,
                    labels,
                    annotations,
                    logPath,
                    stdin,
                    stdinOnce,
                    tty,
                    resources,
                    security,
                    imageRequest,
                    cdiDevices);
        }
    }
}
