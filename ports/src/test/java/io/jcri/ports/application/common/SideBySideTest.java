package io.jcri.ports.application.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SideBySideTest {
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void theStepsRunAtOnceAndItReturnsWhenAllHaveEnded() {
        CountDownLatch both = new CountDownLatch(2);
        AtomicBoolean otherEnded = new AtomicBoolean();
        SideBySide.run("test", pool, () -> meet(both), List.of(() -> {
            meet(both);
            otherEnded.set(true);
        }));
        assertThat(otherEnded).isTrue();
    }

    @Test
    void theFirstFailureIsThrownWithTheOthersSuppressedAndNoStepIsCutShort() {
        AtomicBoolean otherRan = new AtomicBoolean();
        assertThatThrownBy(() -> SideBySide.run(
                        "test",
                        pool,
                        () -> {
                            throw new JcriException.NotFound("first");
                        },
                        List.of(() -> otherRan.set(true), () -> {
                            throw new JcriException.Unavailable("second");
                        })))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessage("first")
                .satisfies(e ->
                        assertThat(e.getSuppressed()).singleElement().isInstanceOf(JcriException.Unavailable.class));
        assertThat(otherRan).isTrue();
    }

    @Test
    void aFailureOnThePoolIsThrownAsItself() {
        assertThatThrownBy(() -> SideBySide.run("test", pool, () -> {}, List.of(() -> {
                    throw new JcriException.FailedPrecondition("on the pool");
                })))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessage("on the pool");
    }

    private static void meet(CountDownLatch both) {
        both.countDown();
        try {
            assertThat(both.await(10, TimeUnit.SECONDS))
                    .as("the other step runs at the same time")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
