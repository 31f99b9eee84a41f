package io.jcri.adapters.rest;

import io.jcri.domain.error.JcriException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** jcri's errors as RFC 9457 problem details, with the status their kind means. */
@RestControllerAdvice(basePackageClasses = ProblemDetailsAdvice.class)
class ProblemDetailsAdvice {

    @ExceptionHandler(JcriException.class)
    ProblemDetail jcri(JcriException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status(e), e.getMessage());
        p.setProperty("kind", e.getClass().getSimpleName());
        return p;
    }

    static HttpStatus status(JcriException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
