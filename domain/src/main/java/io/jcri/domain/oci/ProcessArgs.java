package io.jcri.domain.oci;

import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' rule for a container's command line, given the pod's {@code command} and
 * {@code args} and the image's {@code Entrypoint} and {@code Cmd}:
 *
 * <table>
 *   <caption>command line by what is set</caption>
 *   <tr><th>command</th><th>args</th><th>runs</th></tr>
 *   <tr><td>-</td><td>-</td><td>Entrypoint + Cmd</td></tr>
 *   <tr><td>set</td><td>-</td><td>command</td></tr>
 *   <tr><td>-</td><td>set</td><td>Entrypoint + args</td></tr>
 *   <tr><td>set</td><td>set</td><td>command + args</td></tr>
 * </table>
 */
public final class ProcessArgs {
    private ProcessArgs() {}

    public static List<String> merge(
            String containerName, List<String> command, List<String> args, List<String> entrypoint, List<String> cmd) {
        List<String> out = new ArrayList<>();
        if (command.isEmpty()) {
            out.addAll(entrypoint);
            out.addAll(args.isEmpty() ? cmd : args);
        } else {
            out.addAll(command);
            out.addAll(args);
        }
        if (out.isEmpty()) {
            throw new JcriException.InvalidArgument("container \"" + containerName
                    + "\" has no command: neither the container nor its image gives one");
        }
        return List.copyOf(out);
    }
}
