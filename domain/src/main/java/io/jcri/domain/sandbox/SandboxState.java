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

    /** The CRI name of the state. */
    String criName();

    record Ready() implements SandboxState {
        @Override
        public String criName() {
            return "SANDBOX_READY";
        }
    }

    record NotReady() implements SandboxState {
        @Override
        public String criName() {
            return "SANDBOX_NOTREADY";
        }
    }

    record Unknown() implements SandboxState {
        @Override
        public String criName() {
            return "SANDBOX_NOTREADY";
        }
    }
}
