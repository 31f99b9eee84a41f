package io.jcri.ports.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.contracts.PodNetworkContract;
import io.jcri.ports.out.PodNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FakePodNetworkContractTest extends PodNetworkContract {
    private final FakePodNetwork fake = new FakePodNetwork();

    @Override
    protected PodNetwork network() {
        return fake;
    }

    @Test
    void anInjectedFailureHitsTheNextCallOnlyAndChangesNothing() {
        Path ns = fake.createNetns("sb");
        fake.failNextAttach(() -> new JcriException.Internal("plugin exploded"));
        assertThatThrownBy(() -> fake.attach(request("sb", ns))).hasMessage("plugin exploded");
        assertThat(fake.attachedSandboxIds()).isEmpty();
        fake.attach(request("sb", ns));
        fake.failNextDetach(() -> new JcriException.Internal("DEL failed"));
        assertThatThrownBy(() -> fake.detach("sb")).hasMessage("DEL failed");
        assertThat(fake.attachedSandboxIds()).containsExactly("sb");
        fake.detach("sb");
        assertThat(fake.calls()).containsExactly("createNetns sb", "attach sb", "attach sb", "detach sb", "detach sb");
    }
}
