package io.jcri.domain.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecAdjustmentsTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> spec() {
        return (Map<String, Object>) Json.parse("""
                {"process":{"args":["sleep","1"],"env":["PATH=/bin","KEEP=1","DROP=x"],
                  "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}]},
                 "annotations":{"a":"1","gone":"x"},
                 "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                           {"destination":"/data","type":"bind","source":"/old"}],
                 "linux":{"resources":{"memory":{"limit":100}}}}
                """);
    }

    static ContainerAdjustment adjustment() {
        return new ContainerAdjustment(
                Map.of("b", "2"),
                List.of("gone"),
                Map.of("PATH", "/usr/bin", "NEW", "yes"),
                List.of("DROP"),
                List.of(new ContainerAdjustment.SpecMount("/data", "bind", "/new", List.of("rbind", "ro"))),
                List.of("/proc"),
                List.of(new ContainerAdjustment.SpecDevice("/dev/x", "c", 1, 3, 0666, null, null)),
                List.of(),
                List.of(new ContainerAdjustment.SpecHook(
                        "createContainer", "/bin/hook", List.of("hook"), List.of(), 5L)),
                List.of(new ContainerAdjustment.Rlimit("RLIMIT_NOFILE", 4096, 2048)),
                List.of("sh", "-c", "true"),
                new ContainerAdjustment.Resources(200L, null, 512L, null, null, "0-1", null, 64L, 10L, "/pods/x"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void removalsThenAdditionsReplacingTheSameKeyThenResources() {
        Map<String, Object> out = SpecAdjustments.apply(spec(), adjustment());
        Map<String, Object> process = (Map<String, Object>) out.get("process");
        assertThat((List<Object>) process.get("env")).containsExactlyInAnyOrder("KEEP=1", "PATH=/usr/bin", "NEW=yes");
        assertThat((List<Object>) process.get("args")).containsExactly("sh", "-c", "true");
        assertThat(Json.write(process.get("rlimits"))).contains("\"hard\":4096").doesNotContain("1024");
        assertThat(process.get("oomScoreAdj")).isEqualTo(10L);
        assertThat((Map<String, Object>) out.get("annotations")).containsOnlyKeys("a", "b");
        assertThat(Json.write(out.get("mounts")))
                .doesNotContain("/proc")
                .doesNotContain("/old")
                .contains("/new");
        Map<String, Object> linux = (Map<String, Object>) out.get("linux");
        assertThat(linux.get("cgroupsPath")).isEqualTo("/pods/x");
        String resources = Json.write(linux.get("resources"));
        assertThat(resources)
                .contains("\"limit\":200")
                .contains("\"shares\":512")
                .contains("\"cpus\":\"0-1\"")
                .contains("\"pids\":{\"limit\":64}")
                .contains("\"allow\":true");
        assertThat(Json.write(linux.get("devices"))).contains("/dev/x").contains("\"fileMode\":438");
        assertThat(Json.write(out.get("hooks"))).contains("createContainer").contains("/bin/hook");
    }

    @Test
    void noAdjustmentLeavesTheSpecAsItWasAndTheInputIsNeverChanged() {
        Map<String, Object> before = spec();
        String json = Json.write(before);
        assertThat(Json.write(SpecAdjustments.apply(before, ContainerAdjustment.NONE)))
                .isEqualTo(json);
        SpecAdjustments.apply(before, adjustment());
        assertThat(Json.write(before)).isEqualTo(json);
    }

    @Test
    void aLaterPluginsAdditionsWinAndItsRemovalsDropEarlierAdditions() {
        ContainerAdjustment first = new ContainerAdjustment(
                Map.of("k", "first", "x", "1"),
                List.of(),
                Map.of("V", "1"),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of("a"),
                ContainerAdjustment.Resources.NONE);
        ContainerAdjustment second = new ContainerAdjustment(
                Map.of("k", "second"),
                List.of("x"),
                Map.of(),
                List.of("V"),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                ContainerAdjustment.Resources.NONE);
        ContainerAdjustment both = first.then(second);
        assertThat(both.annotations()).containsExactly(Map.entry("k", "second"));
        assertThat(both.env()).isEmpty();
        assertThat(both.args()).containsExactly("a");
    }
}
