package io.jcri.ports.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.ports.out.PodNetwork;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PodNetwork} does, run against the fake (ports) and the CNI adapter
 * (adapters-cni), so the fake cannot drift from the real thing. {@link #network()} is a network
 * that is ready.
 */
public abstract class PodNetworkContract {

    protected abstract PodNetwork network();

    protected static PodAttachRequest request(String id, Path netns) {
        return new PodAttachRequest(id, "pod-" + id, "default", "uid-" + id, netns, List.of(), DnsConfig.NONE);
    }

    @Test
    void aNamespaceIsListedUntilRemovedAndRemovingTwiceIsFine() {
        PodNetwork network = network();
        Path ns = network.createNetns("contract-1");
        assertThat(ns.getFileName()).hasToString("contract-1");
        assertThat(network.listNetns()).contains(ns);
        network.removeNetns(ns);
        network.removeNetns(ns);
        assertThat(network.listNetns()).doesNotContain(ns);
    }

    @Test
    void aSandboxHasOneNamespaceAndItsIdMustNameAFile() {
        PodNetwork network = network();
        Path ns = network.createNetns("contract-2");
        assertThatThrownBy(() -> network.createNetns("contract-2")).isInstanceOf(JcriException.AlreadyExists.class);
        assertThatThrownBy(() -> network.createNetns("a/b")).isInstanceOf(JcriException.InvalidArgument.class);
        assertThatThrownBy(() -> network.removeNetns(Path.of("/etc/passwd")))
                .isInstanceOf(JcriException.InvalidArgument.class);
        network.removeNetns(ns);
    }

    @Test
    void anAttachmentIsOnRecordUntilDetached() {
        PodNetwork network = network();
        Path ns = network.createNetns("contract-3");
        PodNetworkAttachment a = network.attach(request("contract-3", ns));
        assertThat(a.sandboxId()).isEqualTo("contract-3");
        assertThat(a.ips().all()).contains(a.ips().primary());
        assertThat(a.resultJson()).startsWith("{");
        assertThat(network.attachment("contract-3")).contains(a);
        assertThat(network.attachedSandboxIds()).contains("contract-3");
        assertThatThrownBy(() -> network.attach(request("contract-3", ns)))
                .isInstanceOf(JcriException.AlreadyExists.class);

        network.detach("contract-3");
        network.detach("contract-3");

        assertThat(network.attachment("contract-3")).isEmpty();
        assertThat(network.attachedSandboxIds()).doesNotContain("contract-3");
        network.removeNetns(ns);
    }

    @Test
    void detachingWhatWasNeverAttachedSucceeds() {
        network().detach("contract-never");
        assertThat(network().attachment("contract-never")).isEmpty();
    }

    @Test
    void attachingNeedsAnExistingNamespace() {
        PodNetwork network = network();
        Path ns = network.createNetns("contract-4");
        Path missing = ns.resolveSibling("contract-missing");
        assertThatThrownBy(() -> network.attach(request("contract-missing", missing)))
                .isInstanceOf(JcriException.FailedPrecondition.class);
        assertThat(network.attachedSandboxIds()).doesNotContain("contract-missing");
        network.removeNetns(ns);
    }
}
