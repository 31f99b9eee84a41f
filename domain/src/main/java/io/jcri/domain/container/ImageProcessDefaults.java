package io.jcri.domain.container;

import java.util.List;

/**
 * The parts of an OCI image's config that decide how its process runs: {@code Entrypoint},
 * {@code Cmd}, {@code Env} ({@code KEY=value} strings), {@code WorkingDir}, {@code User}
 * ({@code name}, {@code uid}, optionally {@code :group} or {@code :gid}) and {@code StopSignal}.
 */
public record ImageProcessDefaults(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        String stopSignal) {

    public static final ImageProcessDefaults EMPTY =
            new ImageProcessDefaults(List.of(), List.of(), List.of(), "", "", "");

    public ImageProcessDefaults {
        entrypoint = List.copyOf(entrypoint == null ? List.of() : entrypoint);
        cmd = List.copyOf(cmd == null ? List.of() : cmd);
        env = List.copyOf(env == null ? List.of() : env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    public static ImageProcessDefaults of(List<String> entrypoint, List<String> cmd) {
        return new ImageProcessDefaults(entrypoint, cmd, List.of(), "", "", "");
    }

    public ImageProcessDefaults withEnv(List<String> value) {
        return new ImageProcessDefaults(entrypoint, cmd, value, workingDir, user, stopSignal);
    }

    public ImageProcessDefaults withWorkingDir(String value) {
        return new ImageProcessDefaults(entrypoint, cmd, env, value, user, stopSignal);
    }

    public ImageProcessDefaults withUser(String value) {
        return new ImageProcessDefaults(entrypoint, cmd, env, workingDir, value, stopSignal);
    }
}
