package io.jcri.ports.out;

import io.jcri.domain.network.NetworkStatus;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodNetworkAttachment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pod networking: whether a network is configured, the sandboxes' pinned network namespaces,
 * and attaching sandboxes to the network and detaching them.
 *
 * <p>The order for a pod that does not use the host network: {@link #createNetns} then {@link
 * #attach}; on the way down {@link #detach} then {@link #removeNetns}. A pod on the host network
 * needs none of these. {@link #attach} undoes itself when it fails; the caller still removes the
 * namespace it created.
 */
public interface PodNetwork {

    /** The network configuration in use now, or why there is none. */
    NetworkStatus networkStatus();

    /**
     * Creates a new, empty network namespace for the sandbox and pins it to a file (a bind
     * mount), so it outlives any process in it. Returns that file; it is what {@link
     * #attach} and the sandbox's OCI spec use.
     *
     * @throws io.jcri.domain.error.JcriException.InvalidArgument the id cannot name a file
     * @throws io.jcri.domain.error.JcriException.AlreadyExists the sandbox has a namespace already
     * @throws io.jcri.domain.error.JcriException.Internal the namespace could not be made (nothing is left behind)
     */
    Path createNetns(String sandboxId);

    /**
     * Unpins a namespace made by {@link #createNetns} and deletes its file. The namespace itself
     * goes away once no process uses it. Succeeds when the file is already gone.
     *
     * @throws io.jcri.domain.error.JcriException.InvalidArgument the path is not one this network made
     */
    void removeNetns(Path netns);

    /**
     * The pinned namespaces present now; each file is named after its sandbox id (for recovery:
     * remove what belongs to no sandbox).
     */
    List<Path> listNetns();

    /**
     * Attaches the sandbox to the network: loopback brought up, then the network's plugins run
     * (CNI ADD) in the request's namespace. The result is kept durably, so {@link #detach} and
     * {@link #attachment} work after a restart. When a step fails, what was added is removed
     * again before the error is thrown.
     *
     * @throws io.jcri.domain.error.JcriException.InvalidArgument the sandbox id cannot name a file, or a pod
     *     name, namespace or uid holds ';' or '='
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition no network is configured, the namespace
     *     does not exist, or a plugin is not in the bin dirs
     * @throws io.jcri.domain.error.JcriException.AlreadyExists the sandbox is attached already
     * @throws io.jcri.domain.error.JcriException.Internal a plugin failed (the message names it and says why)
     * @throws io.jcri.domain.error.JcriException.DeadlineExceeded a plugin did not answer in time
     */
    PodNetworkAttachment attach(PodAttachRequest request);

    /**
     * Detaches the sandbox: CNI DEL, plugins in reverse order, with the exact configuration the
     * attach used and the result it got (kept on disk, so this works after a restart), in the
     * namespace the attach used if it still exists (plugins are told it is gone otherwise). Call
     * it before {@link #removeNetns}, so plugins can clean up inside the namespace. Succeeds
     * when the sandbox is not attached (never was, or was detached already); the record is
     * dropped only once every plugin succeeded.
     *
     * @throws io.jcri.domain.error.JcriException.Internal a plugin failed; the record stays, so a
     *     retry can finish the job
     * @throws io.jcri.domain.error.JcriException.DeadlineExceeded a plugin did not answer in time
     */
    void detach(String sandboxId);

    /** The sandbox's attachment on record (also after a restart), if it is attached. */
    Optional<PodNetworkAttachment> attachment(String sandboxId);

    /**
     * The sandbox's attachment when memory has it without reading its record (it was attached or
     * read since start and not detached since); empty when {@link #attachment} must read it.
     */
    default Optional<PodNetworkAttachment> attachmentInMemory(String sandboxId) {
        return Optional.empty();
    }

    /**
     * The ids of the sandboxes with an attachment on record, including one whose attach was cut
     * short by a crash (for recovery: detach what belongs to no sandbox).
     */
    Set<String> attachedSandboxIds();
}
