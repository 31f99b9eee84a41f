package io.jcri.domain.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CdiRegistryTest {
    static final String SPEC = """
            {"cdiVersion": "0.6.0", "kind": "example.com/gpu",
             "containerEdits": {"env": ["GPU_DRIVER=1"]},
             "devices": [
               {"name": "gpu0", "containerEdits": {
                  "env": ["GPU=0"],
                  "deviceNodes": [{"path": "/dev/gpu0", "hostPath": "/dev/null", "type": "c", "major": 1, "minor": 3,
                                   "permissions": "rw"}],
                  "mounts": [{"hostPath": "/opt/gpu", "containerPath": "/usr/lib/gpu", "options": ["ro", "rbind"]}],
                  "hooks": [{"hookName": "createContainer", "path": "/bin/true", "args": ["true", "x"]}],
                  "additionalGids": [44]}},
               {"name": "gpu1", "containerEdits": {"deviceNodes": [{"path": "/dev/gpu1"}]}}
             ]}
            """;

    static CdiSpec spec(String text, String file) {
        return CdiSpec.parse(Json.parse(text), file);
    }

    @Test
    void aDeviceResolvesToItsSpecsEditsThenItsOwn() {
        CdiRegistry r = new CdiRegistry(List.of(List.of(spec(SPEC, "/etc/cdi/gpu.json"))), Map.of());
        CdiEdits e = r.resolve("app", List.of("example.com/gpu=gpu0", "example.com/gpu=gpu1"));
        assertThat(e.env()).containsExactly("GPU_DRIVER=1", "GPU=0");
        assertThat(e.deviceNodes()).extracting(CdiEdits.DeviceNode::path).containsExactly("/dev/gpu0", "/dev/gpu1");
        assertThat(e.deviceNodes().get(0).complete()).isTrue();
        assertThat(e.deviceNodes().get(1).complete())
                .as("numbers left to the node")
                .isFalse();
        assertThat(e.deviceNodes().get(1).hostPath()).isEqualTo("/dev/gpu1");
        assertThat(e.mounts())
                .singleElement()
                .satisfies(m -> assertThat(m.type()).isEqualTo("bind"));
        assertThat(e.hooks())
                .singleElement()
                .satisfies(h -> assertThat(h.hookName()).isEqualTo("createContainer"));
        assertThat(e.additionalGids()).containsExactly(44L);
    }

    @Test
    void anUnknownOrUnqualifiedDeviceIsRefusedByName() {
        CdiRegistry r =
                new CdiRegistry(List.of(List.of(spec(SPEC, "/etc/cdi/gpu.json"))), Map.of("/etc/cdi/x.yaml", "bad"));
        assertThatThrownBy(() -> r.resolve("app", List.of("example.com/gpu=gpu9")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("container \"app\": CDI device \"example.com/gpu=gpu9\" is not defined")
                .hasMessageContaining("known: example.com/gpu=gpu0")
                .hasMessageContaining("/etc/cdi/x.yaml");
        assertThatThrownBy(() -> r.resolve("app", List.of("gpu0")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("not a fully qualified name");
        assertThatThrownBy(() -> CdiRegistry.EMPTY.resolve("app", List.of("example.com/gpu=gpu0")))
                .hasMessageContaining("(none found)");
    }

    @Test
    void aLaterDirectoryWinsAndTwoFilesOfOneDirectoryConflict() {
        String other = SPEC.replace("GPU=0", "GPU=override");
        CdiRegistry r = new CdiRegistry(
                List.of(List.of(spec(SPEC, "/etc/cdi/a.json")), List.of(spec(other, "/var/run/cdi/a.json"))), Map.of());
        assertThat(r.resolve("app", List.of("example.com/gpu=gpu0")).env()).contains("GPU=override");
        CdiRegistry clash = new CdiRegistry(
                List.of(List.of(spec(SPEC, "/etc/cdi/a.json"), spec(other, "/etc/cdi/b.json"))), Map.of());
        assertThatThrownBy(() -> clash.resolve("app", List.of("example.com/gpu=gpu0")))
                .hasMessageContaining("defined twice, in /etc/cdi/a.json and /etc/cdi/b.json");
    }

    @Test
    void requestsComeFromTheFieldThenTheAnnotationsEachOnce() {
        assertThat(CdiRegistry.requested(
                        List.of("example.com/gpu=gpu0"),
                        Map.of("cdi.k8s.io/plugin", "example.com/gpu=gpu1, example.com/gpu=gpu0", "other", "x=y")))
                .containsExactly("example.com/gpu=gpu0", "example.com/gpu=gpu1");
    }

    @Test
    void aBadSpecIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> spec("{\"cdiVersion\":\"0.6.0\",\"kind\":\"nokind\"}", "/etc/cdi/bad.json"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("CDI spec /etc/cdi/bad.json has kind \"nokind\"");
        assertThatThrownBy(() -> spec("{\"kind\":\"a.com/b\"}", "/etc/cdi/v.json"))
                .hasMessageContaining("no cdiVersion");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEditsChangeTheOciSpecDocument() {
        CdiEdits e = new CdiRegistry(List.of(List.of(spec(SPEC, "f"))), Map.of())
                .resolve("app", List.of("example.com/gpu=gpu0"));
        Map<String, Object> oci = (Map<String, Object>) Json.parse("""
                {"process": {"env": ["PATH=/bin", "GPU=old"], "user": {"uid": 0, "gid": 0}},
                 "mounts": [{"destination": "/usr/lib/gpu", "type": "tmpfs", "source": "tmpfs"}],
                 "linux": {"resources": {"devices": [{"allow": false, "access": "rwm"}]}}}
                """);
        Map<String, Object> out = CdiSpecEdits.apply(oci, e);
        String json = Json.write(out);
        assertThat(json)
                .contains("\"env\":[\"PATH=/bin\",\"GPU_DRIVER=1\",\"GPU=0\"]")
                .contains("\"additionalGids\":[44]")
                .contains("{\"path\":\"/dev/gpu0\",\"type\":\"c\",\"major\":1,\"minor\":3}")
                .contains(
                        "{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rw\"}")
                .contains(
                        "{\"destination\":\"/usr/lib/gpu\",\"type\":\"bind\",\"source\":\"/opt/gpu\",\"options\":[\"ro\",\"rbind\"]}")
                .doesNotContain("tmpfs")
                .contains("\"hooks\":{\"createContainer\":[{\"path\":\"/bin/true\",\"args\":[\"true\",\"x\"]}]}");
        assertThat(Json.write(oci)).as("the input is left alone").contains("GPU=old");
    }
}
