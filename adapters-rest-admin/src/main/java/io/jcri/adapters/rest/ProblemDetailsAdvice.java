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
        if (e instanceof JcriException.NotFound) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof JcriException.InvalidArgument) {
            return HttpStatus.BAD_REQUEST;
        }
        if (e instanceof JcriException.AlreadyExists || e instanceof JcriException.FailedPrecondition) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof JcriException.Unavailable) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (e instanceof JcriException.DeadlineExceeded) {
            return HttpStatus.GATEWAY_TIMEOUT;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
