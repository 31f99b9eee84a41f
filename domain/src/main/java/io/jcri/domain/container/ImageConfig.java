package io.jcri.domain.container;

import java.util.List;

/**
 * The parts of an OCI image's config that decide how its process runs: {@code Entrypoint},
 * {@code Cmd}, {@code Env} ({@code KEY=value} strings), {@code WorkingDir}, {@code User}
 * ({@code name}, {@code uid}, optionally {@code :group} or {@code :gid}) and {@code StopSignal}.
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        String stopSignal) {

    public static final ImageConfig EMPTY = new ImageConfig(List.of(), List.of(), List.of(), "", "", "");

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint == null ? List.of() : entrypoint);
        cmd = List.copyOf(cmd == null ? List.of() : cmd);
        env = List.copyOf(env == null ? List.of() : env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    public static ImageConfig of(List<String> entrypoint, List<String> cmd) {
        return new ImageConfig(entrypoint, cmd, List.of(), "", "", "");
    }

    public ImageConfig withEnv(List<String> value) {
        return new ImageConfig(entrypoint, cmd, value, workingDir, user, stopSignal);
    }

    public ImageConfig withWorkingDir(String value) {
        return new ImageConfig(entrypoint, cmd, env, value, user, stopSignal);
    }

    public ImageConfig withUser(String value) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, value, stopSignal);
    }
}
