package io.jcri.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsRecordsTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void oneFullCoreForOneSecondIsOneBillionNanoCores() {
        assertThat(CpuRate.nanoCores(0, T0, 1_000_000_000L, T0.plusSeconds(1))).isEqualTo(1_000_000_000L);
        assertThat(CpuRate.nanoCores(500_000_000L, T0, 750_000_000L, T0.plusMillis(500)))
                .isEqualTo(500_000_000L);
    }

    @Test
    void noElapsedTimeOrACounterGoingBackwardsGivesZero() {
        assertThat(CpuRate.nanoCores(0, T0, 5, T0)).isZero();
        assertThat(CpuRate.nanoCores(10, T0, 5, T0.plusSeconds(1))).isZero();
        assertThat(CpuRate.nanoCores(0, T0.plusSeconds(1), 5, T0)).isZero();
    }

    @Test
    void workingSetIsUsageLessInactiveFileAndNeverNegative() {
        CgroupSample s = new CgroupSample(T0, 0, 100, 30, 50, 7, 1, 0, 1);
        assertThat(s.workingSetBytes()).isEqualTo(70);
        assertThat(new CgroupSample(T0, 0, 10, 30, 0, 0, 0, 0, 0).workingSetBytes())
                .isZero();
    }

    @Test
    void availableIsLimitLessWorkingSetAndZeroWithoutALimit() {
        assertThat(new CgroupSample(T0, 0, 100, 0, 0, 0, 0, 1000, 0).availableBytes())
                .isEqualTo(900);
        assertThat(new CgroupSample(T0, 0, 100, 0, 0, 0, 0, 0, 0).availableBytes())
                .isZero();
        assertThat(new CgroupSample(T0, 0, 100, 0, 0, 0, 0, Long.MAX_VALUE - 4095, 0).availableBytes())
                .isZero();
    }

    @Test
    void aSumAddsCountersAndTakesTheLatestTime() {
        CgroupSample a = new CgroupSample(T0, 10, 100, 10, 40, 1, 0, 0, 1);
        CgroupSample b = new CgroupSample(T0.plusSeconds(2), 5, 50, 5, 20, 2, 1, 0, 2);
        CgroupSample sum = CgroupSample.sum(List.of(a, b), T0);
        assertThat(sum.timestamp()).isEqualTo(T0.plusSeconds(2));
        assertThat(sum.cpuUsageNanos()).isEqualTo(15);
        assertThat(sum.workingSetBytes()).isEqualTo(135);
        assertThat(sum.rssBytes()).isEqualTo(60);
        assertThat(sum.processes()).isEqualTo(3);
        assertThat(CgroupSample.sum(List.of(), T0).timestamp()).isEqualTo(T0);
    }

    @Test
    void networkDefaultsToEth0ElseTheFirstInterface() {
        InterfaceCounters net1 = new InterfaceCounters("net1", 1, 0, 2, 0);
        InterfaceCounters eth0 = new InterfaceCounters("eth0", 3, 0, 4, 0);
        assertThat(new NetworkUsage(T0, List.of(net1, eth0)).defaultInterface()).isEqualTo(eth0);
        assertThat(new NetworkUsage(T0, List.of(net1)).defaultInterface()).isEqualTo(net1);
        assertThat(new NetworkUsage(T0, List.of()).defaultInterface()).isNull();
    }
}
