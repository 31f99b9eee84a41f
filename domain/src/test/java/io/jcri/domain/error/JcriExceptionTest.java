package io.jcri.domain.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JcriExceptionTest {
    @ParameterizedTest
    @EnumSource(JcriException.Kind.class)
    void ofMakesAnErrorOfTheKindAskedForAndKeepsTheCause(JcriException.Kind kind) {
        IllegalStateException cause = new IllegalStateException("below");
        JcriException e = JcriException.of(kind, "container c1: gone", cause);
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).isEqualTo("container c1: gone");
        boolean kept =
                e.getCause() == cause || java.util.List.of(e.getSuppressed()).contains(cause);
        assertThat(kept).isTrue();
    }

    @ParameterizedTest
    @EnumSource(JcriException.Kind.class)
    void eachSubclassNamesItsOwnKind(JcriException.Kind kind) {
        JcriException e = JcriException.of(kind, "m", null);
        String expected = switch (kind) {
            case NOT_FOUND -> "NotFound";
            case ALREADY_EXISTS -> "AlreadyExists";
            case INVALID_ARGUMENT -> "InvalidArgument";
            case FAILED_PRECONDITION -> "FailedPrecondition";
            case UNAVAILABLE -> "Unavailable";
            case DEADLINE_EXCEEDED -> "DeadlineExceeded";
            case INTERNAL -> "Internal";
        };
        assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(e.getSuppressed()).isEmpty();
    }
}
