package io.jcri.adapters.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.stats.InterfaceCounters;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetDevCountersTest {
    static final String TABLE = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     140       2    0    0    0     0          0         0      140       2    0    0    0     0       0          0
              eth0:   12345      40    3    2    0     0          0         0     6789      30    1    5    0     0       0          0
            """;

    @Test
    void readsBytesPacketsErrorsAndDropsOfEveryInterfaceButLoopback() {
        assertThat(ProcNetDevCounters.parse(TABLE))
                .containsExactly(new InterfaceCounters("eth0", 12345, 3, 6789, 1, 40, 2, 30, 5));
    }

    @Test
    void theJvmsOwnNetnsHasReadableCountersAndAMissingProcessHasNone() {
        List<InterfaceCounters> self = new ProcNetDevCounters()
                .interfaces((int) ProcessHandle.current().pid());
        assertThat(self).noneMatch(i -> i.name().equals("lo"));
        assertThat(new ProcNetDevCounters().interfaces(Integer.MAX_VALUE)).isEmpty();
    }
}
