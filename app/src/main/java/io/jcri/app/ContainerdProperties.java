package io.jcri.app;

import java.nio.file.Path;
import java.time.Duration;

/** {@code jcri.containerd.*}: which containerd jcri drives, and how. */
public class ContainerdProperties {
    private Path socket = Path.of("/run/containerd/containerd.sock");
    /** containerd's state directory (its {@code state} setting), read to end shims it lost; unused when managed. */
    private Path stateDir = Path.of("/run/containerd");

    private String namespace = "k8s.io";
    private boolean managed = false;
    private String binary = "containerd";
    private Duration startTimeout = Duration.ofSeconds(30);
    /** {@code jcri.containerd.deadlines.*}: how long each kind of call to containerd may take. */
    private final Deadlines deadlines = new Deadlines();

    public Path getSocket() {
        return socket;
    }

    public void setSocket(Path socket) {
        this.socket = socket;
    }

    public Path getStateDir() {
        return stateDir;
    }

    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public boolean isManaged() {
        return managed;
    }

    public void setManaged(boolean managed) {
        this.managed = managed;
    }

    public String getBinary() {
        return binary;
    }

    public void setBinary(String binary) {
        this.binary = binary;
    }

    public Duration getStartTimeout() {
        return startTimeout;
    }

    public void setStartTimeout(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    public Deadlines getDeadlines() {
        return deadlines;
    }

    /** The deadlines of containerd calls by kind (the adapter's {@code CallDeadlines}). */
    public static class Deadlines {
        private Duration probe = Duration.ofSeconds(5);
        private Duration metadata = Duration.ofSeconds(30);
        private Duration process = Duration.ofMinutes(2);
        private Duration transfer = Duration.ofMinutes(30);

        public Duration getProbe() {
            return probe;
        }

        public void setProbe(Duration probe) {
            this.probe = probe;
        }

        public Duration getMetadata() {
            return metadata;
        }

        public void setMetadata(Duration metadata) {
            this.metadata = metadata;
        }

        public Duration getProcess() {
            return process;
        }

        public void setProcess(Duration process) {
            this.process = process;
        }

        public Duration getTransfer() {
            return transfer;
        }

        public void setTransfer(Duration transfer) {
            this.transfer = transfer;
        }
    }
}
