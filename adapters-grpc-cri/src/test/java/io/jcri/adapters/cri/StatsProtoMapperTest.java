package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.ContainerStats;
import io.jcri.cri.v1.PodSandboxStats;
import io.jcri.domain.stats.CpuUsage;
import io.jcri.domain.stats.MemoryUsage;
import io.jcri.domain.stats.PodStats;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.SwapUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsProtoMapperTest {
    static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");
    static final CpuUsage CPU = new CpuUsage(AT, 10, 1);
    static final MemoryUsage MEMORY = new MemoryUsage(AT, 1, 2, 3, 4, 5, 6);
    static final PressureReadings.Psi PSI = new PressureReadings.Psi(
            new PressureReadings.Data(300, 1.5, 1.0, 0.5), new PressureReadings.Data(100, 0.5, 0.25, 0.125));

    static io.jcri.domain.stats.ContainerStats container(SwapUsage swap, PressureReadings pressure) {
        return new io.jcri.domain.stats.ContainerStats(
                "c1", "p1", "app", 0, Map.of(), Map.of(), CPU, MEMORY, null, 1, swap, pressure);
    }

    @Test
    void aV2ContainerCarriesSwapIoAndThePsiOfCpuAndMemory() {
        ContainerStats s = StatsProtoMapper.container(
                container(new SwapUsage(AT, 1000, 24), new PressureReadings(AT, PSI, PSI, PSI)));
        assertThat(s.getSwap().getSwapUsageBytes().getValue()).isEqualTo(24);
        assertThat(s.getSwap().getSwapAvailableBytes().getValue()).isEqualTo(1000);
        assertThat(s.getSwap().getTimestamp()).isEqualTo(AT.getEpochSecond() * 1_000_000_000L);
        assertThat(s.getCpu().getPsi().getSome().getTotal()).isEqualTo(300);
        assertThat(s.getCpu().getPsi().getSome().getAvg10()).isEqualTo(1.5);
        assertThat(s.getMemory().getPsi().getFull().getAvg300()).isEqualTo(0.125);
        assertThat(s.getIo().getPsi().getFull().getTotal()).isEqualTo(100);
    }

    @Test
    void aV1ContainerLeavesSwapIoAndPsiUnsetNotZero() {
        ContainerStats s = StatsProtoMapper.container(container(null, null));
        assertThat(s.hasSwap()).isFalse();
        assertThat(s.hasIo()).isFalse();
        assertThat(s.getCpu().hasPsi()).isFalse();
        assertThat(s.getMemory().hasPsi()).isFalse();
        ContainerStats onlyCpu = StatsProtoMapper.container(container(null, new PressureReadings(AT, PSI, null, null)));
        assertThat(onlyCpu.getCpu().hasPsi()).isTrue();
        assertThat(onlyCpu.getMemory().hasPsi()).isFalse();
        assertThat(onlyCpu.hasIo()).isFalse();
    }

    @Test
    void aPodCarriesItsCgroupsIoPressureOrNone() {
        PodStats with = new PodStats(
                "p1",
                "web",
                "default",
                "uid",
                0,
                Map.of(),
                Map.of(),
                CPU,
                MEMORY,
                null,
                1,
                List.of(),
                new PressureReadings(AT, PSI, PSI, PSI));
        PodSandboxStats s = StatsProtoMapper.pod(with);
        assertThat(s.getLinux().getIo().getPsi().getSome().getTotal()).isEqualTo(300);
        assertThat(s.getLinux().getCpu().getPsi().getFull().getTotal()).isEqualTo(100);
        PodStats without =
                new PodStats("p1", "web", "default", "uid", 0, Map.of(), Map.of(), CPU, MEMORY, null, 1, List.of());
        assertThat(StatsProtoMapper.pod(without).getLinux().hasIo()).isFalse();
        assertThat(StatsProtoMapper.pod(without).getLinux().getCpu().hasPsi()).isFalse();
    }
}
