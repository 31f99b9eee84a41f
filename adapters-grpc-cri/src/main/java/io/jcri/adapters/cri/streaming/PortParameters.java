package io.jcri.adapters.cri.streaming;

import java.util.ArrayList;
import java.util.List;

/** The {@code port} query parameters of a WebSocket port-forward: each a port or a comma-separated list of them. */
final class PortParameters {
    private PortParameters() {}

    /**
     * The ports in {@code values}, in order.
     *
     * @throws NumberFormatException naming the first value that is not a port in 1..65535
     */
    static List<Integer> parse(List<String> values) {
        List<Integer> ports = new ArrayList<>();
        for (String v : values) {
            for (String p : v.split(",")) {
                int port = Integer.parseInt(p.trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException("port " + port + " is not in 1..65535");
                }
                ports.add(port);
            }
        }
        return ports;
    }
}
