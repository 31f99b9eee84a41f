package io.jcri.ports.application.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.plugin.ContainerAdjustment;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.out.NodeResourcePlugins;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The container use cases calling node resource plugins, against the fakes of {@link ContainerServiceTest}. */
class ContainerPluginHooksTest {
    final ContainerServiceTest base = new ContainerServiceTest();
    final Recorder plugins = new Recorder();

    /** Records every event; adds a variable on create; fails create while {@code refuse} is set. */
    static final class Recorder implements NodeResourcePlugins {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile boolean refuse;
        volatile boolean insideExclusive;

        @Override
        public <T> T exclusive(Supplier<T> change) {
            insideExclusive = true;
            try {
                return change.get();
            } finally {
                insideExclusive = false;
            }
        }

        void record(String event, PluginContainer c) {
            events.add(event + " " + c.container().metadata().name());
        }

        @Override
        public void runPodSandbox(Sandbox pod) {}

        @Override
        public void stopPodSandbox(Sandbox pod) {}

        @Override
        public void removePodSandbox(Sandbox pod) {}

        @Override
        public ContainerAdjustment createContainer(Sandbox pod, PluginContainer c) {
            record("CreateContainer" + (insideExclusive ? "" : "(outside exclusive)"), c);
            if (refuse) {
                throw new JcriException.FailedPrecondition(
                        "NRI plugin 10-test refuses " + c.container().id());
            }
            assertThat(c.args()).contains("sleep 100");
            return new ContainerAdjustment(
                    Map.of("added", "yes"),
                    List.of(),
                    Map.of("FROM_PLUGIN", "1"),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    ContainerAdjustment.Resources.NONE);
        }

        @Override
        public void postCreateContainer(Sandbox pod, PluginContainer c) {
            record("PostCreateContainer", c);
        }

        @Override
        public void startContainer(Sandbox pod, PluginContainer c) {
            record("StartContainer", c);
        }

        @Override
        public void postStartContainer(Sandbox pod, PluginContainer c) {
            record("PostStartContainer", c);
        }

        @Override
        public LinuxResources updateContainer(Sandbox pod, PluginContainer c, LinuxResources requested) {
            record("UpdateContainer", c);
            return requested.withCpu(requested.cpuShares(), requested.cpuQuota(), 50_000);
        }

        @Override
        public void postUpdateContainer(Sandbox pod, PluginContainer c) {
            record("PostUpdateContainer", c);
        }

        @Override
        public void stopContainer(Sandbox pod, PluginContainer c) {
            record("StopContainer", c);
        }

        @Override
        public void removeContainer(Sandbox pod, PluginContainer c) {
            record("RemoveContainer", c);
        }
    }

    @BeforeEach
    void setUp() {
        base.plugins = plugins;
        base.setUp();
    }

    @AfterEach
    void tearDown() {
        base.tearDown();
    }

    @Test
    void everyLifecycleEventReachesThePluginsOnceAndTheAdjustmentIsInTheSpec() {
        String id = base.create("app");
        assertThat(base.runtime.container(id).orElseThrow().ociSpecJson())
                .contains("\"FROM_PLUGIN=1\"")
                .contains("\"added\":\"yes\"");
        base.service.start(id);
        base.service.updateResources(id, LinuxResources.NONE.withCpu(0, 100_000, 0));
        assertThat(base.get(id).resources().cpuPeriod())
                .as("the plugin's update applied")
                .isEqualTo(50_000);
        base.service.stop(id, Duration.ZERO);
        base.service.stop(id, Duration.ZERO);
        base.service.remove(id);
        assertThat(plugins.events)
                .containsExactly(
                        "CreateContainer app",
                        "PostCreateContainer app",
                        "StartContainer app",
                        "PostStartContainer app",
                        "UpdateContainer app",
                        "PostUpdateContainer app",
                        "StopContainer app",
                        "RemoveContainer app");
    }

    @Test
    void aContainerThatExitsByItselfIsReportedStoppedOnce() {
        String id = base.create("app");
        base.service.start(id);
        base.runtime.exit(id, 3);
        ContainerServiceTest.await(() -> plugins.events.contains("StopContainer app"));
        base.service.stop(id, Duration.ZERO);
        assertThat(plugins.events.stream().filter(e -> e.startsWith("StopContainer")))
                .hasSize(1);
    }

    @Test
    void aRefusedCreateLeavesNothingAndTheNameIsFreeAgain() {
        plugins.refuse = true;
        assertThatThrownBy(() -> base.create("app"))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("NRI plugin 10-test refuses");
        assertThat(base.runtime.leftovers()).noneMatch(l -> l.startsWith("container:"));
        assertThat(base.runtime.leftovers()).noneMatch(l -> l.startsWith("snapshot:overlayfs/") && l.length() > 40);
        assertThat(base.service.list(io.jcri.ports.in.ContainerLifecycle.Filter.ALL))
                .isEmpty();
        plugins.refuse = false;
        String id = base.create("app");
        assertThat(base.get(id).metadata().name()).isEqualTo("app");
        assertThat(plugins.events).allMatch(e -> !e.contains("outside exclusive"));
    }
}
