package io.jcri.domain.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "SIGTERM, 15",
        "TERM, 15",
        "15, 15",
        "sigterm, 15",
        "SIGKILL, 9",
        "SIGINT, 2",
        "SIGQUIT, 3",
        "SIGHUP, 1",
        "SIGUSR1, 10",
        "SIGUSR2, 12",
        "SIGWINCH, 28",
        "SIGSTOP, 19",
        "SIGCHLD, 17",
        "SIGIOT, 6",
        "SIGPWR, 30",
        "SIGRTMIN, 34",
        "SIGRTMIN+3, 37",
        "RTMAX-1, 63",
        "SIGRTMAX, 64",
        "' SIGTERM ', 15"
    })
    void parsesNamesAndNumbers(String given, int number) {
        assertThat(Signals.parse(given)).isEqualTo(number);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"", "SIGFOO", "0", "65", "SIGRTMIN+31", "-1", "99999999999"})
    void refusesUnknownSignals(String given) {
        assertThatThrownBy(() -> Signals.parse(given))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("unknown signal");
    }

    @ParameterizedTest(name = "{0} is named {1}")
    @CsvSource({"15, SIGTERM", "9, SIGKILL", "6, SIGABRT", "36, SIGRTMIN+2", "64, SIGRTMAX"})
    void namesNumbers(int number, String name) {
        assertThat(Signals.name(number)).isEqualTo(name);
        assertThat(Signals.parse(name)).isEqualTo(number);
    }
}
