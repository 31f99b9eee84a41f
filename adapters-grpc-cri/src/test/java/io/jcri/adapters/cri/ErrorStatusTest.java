package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.jcri.domain.error.JcriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorStatusTest {
    @ParameterizedTest
    @EnumSource(JcriException.Kind.class)
    void everyKindHasItsCodeAndKeepsTheMessageAndCause(JcriException.Kind kind) {
        JcriException e = JcriException.of(kind, "pod p1: wrong", null);
        Status s = ErrorStatus.of(e);
        assertThat(s.getCode().name()).isEqualTo(kind.name());
        assertThat(s.getDescription()).isEqualTo("pod p1: wrong");
        assertThat(s.getCause()).isSameAs(e);
    }

    @Test
    void anythingElseIsInternalNamingTheExceptionAndUnexpected() {
        NullPointerException npe = new NullPointerException("config");
        Status s = ErrorStatus.of(npe);
        assertThat(s.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(s.getDescription()).isEqualTo("NullPointerException: config");
        assertThat(CriCallInterceptor.isUnexpected(s)).isTrue();
        assertThat(CriCallInterceptor.isUnexpected(ErrorStatus.of(new JcriException.NotFound("x"))))
                .isFalse();
        assertThat(CriCallInterceptor.isUnexpected(Status.INTERNAL.withDescription("no cause")))
                .isFalse();
    }
}
