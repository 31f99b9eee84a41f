package io.jcri.domain.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/** A sandbox's node-local files; {@code shm} is empty when the pod uses the host's IPC. */
public record SandboxPaths(Path hostname, Path hosts, Path resolvConf, Optional<Path> shm) {}
