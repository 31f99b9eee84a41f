package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.error.JcriException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.ProblemDetail;

class ProblemDetailsAdviceTest {
    @ParameterizedTest
    @EnumSource(JcriException.Kind.class)
    void everyKindBecomesAProblemWithItsStatusAndMessage(JcriException.Kind kind) {
        ProblemDetail p = new ProblemDetailsAdvice().jcri(JcriException.of(kind, "image busybox: no such image", null));
        int expected = switch (kind) {
            case NOT_FOUND -> 404;
            case INVALID_ARGUMENT -> 400;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            case INTERNAL -> 500;
        };
        assertThat(p.getStatus()).isEqualTo(expected);
        assertThat(p.getDetail()).isEqualTo("image busybox: no such image");
    }
}
