package io.jcri.domain.sandbox;

/**
 * A sandbox's state, derived from its pause task: {@link Ready} while the task runs, {@link
 * NotReady} once it stopped (or was never started), {@link Unknown} when the engine cannot say
 * (reported to the kubelet as NOTREADY).
 *
 * <pre>
 *   (created) --task started--> Ready --task exited / StopPodSandbox--> NotReady
 *   any --engine does not answer about it--> Unknown --engine answers--> Ready | NotReady
 * </pre>
 */
public sealed interface SandboxState {
    Ready READY = new Ready();
    NotReady NOT_READY = new NotReady();
    Unknown UNKNOWN = new Unknown();

    /** Which of the three states this is, for filters and for the protocols' switches. */
    Phase phase();

    /** The three states by name. */
    enum Phase {
        READY,
        NOT_READY,
        UNKNOWN;

        /**
         * The state as messages and the admin API spell it: {@code SANDBOX_READY}, or {@code
         * SANDBOX_NOTREADY} for both others (the kubelet tells no unknown pod from a stopped one).
         */
        public String label() {
            return this == READY ? "SANDBOX_READY" : "SANDBOX_NOTREADY";
        }
    }

    record Ready() implements SandboxState {
        @Override
        public Phase phase() {
            return Phase.READY;
        }
    }

    record NotReady() implements SandboxState {
        @Override
        public Phase phase() {
            return Phase.NOT_READY;
        }
    }

    record Unknown() implements SandboxState {
        @Override
        public Phase phase() {
            return Phase.UNKNOWN;
        }
    }
}
