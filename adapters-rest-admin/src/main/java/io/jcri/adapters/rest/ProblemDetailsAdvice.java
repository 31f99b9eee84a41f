package io.jcri.adapters.rest;

import io.jcri.domain.error.JcriException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * jcri's errors as RFC 9457 problem details, with the status their kind means, always as {@code
 * application/problem+json} (also where the request accepts only the event stream's type).
 */
@RestControllerAdvice(basePackageClasses = ProblemDetailsAdvice.class)
class ProblemDetailsAdvice {

    @ExceptionHandler(JcriException.class)
    ResponseEntity<ProblemDetail> jcri(JcriException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status(e), e.getMessage());
        p.setProperty("kind", e.getClass().getSimpleName());
        return problem(p);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
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
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
