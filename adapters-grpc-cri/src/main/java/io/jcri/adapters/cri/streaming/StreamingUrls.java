package io.jcri.adapters.cri.streaming;

import io.jcri.ports.in.Streaming;

/**
 * What the CRI Exec, Attach and PortForward RPCs need from the streaming server: the URL a client
 * opens for a request that passed the checks (each URL carries a single-use token).
 */
public interface StreamingUrls {

    String execUrl(Streaming.ExecCommand command);

    String attachUrl(Streaming.AttachCommand command);

    String portForwardUrl(Streaming.PortForwardCommand command);
}
