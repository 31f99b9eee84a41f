package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.error.JcriException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ProblemDetailsAdviceTest {
    @ParameterizedTest
    @EnumSource(JcriException.Kind.class)
    void everyKindBecomesAProblemWithItsStatusAndMessage(JcriException.Kind kind) {
        ResponseEntity<ProblemDetail> r =
                new ProblemDetailsAdvice().jcri(JcriException.of(kind, "image busybox: no such image", null));
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail p = r.getBody();
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
        assertThat(r.getStatusCode().value()).isEqualTo(expected);
        assertThat(p.getProperties())
                .containsEntry(
                        "kind", JcriException.of(kind, "x", null).getClass().getSimpleName());
    }
}
