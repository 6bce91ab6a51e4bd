package dev.dpm.bench.eval;

/** Progress of an evaluation run; the CLI prints it. Called from the harness's thread. */
public interface EvalListener {
    /** A new phase starts ("mirror, C = 4", "registry", ...). */
    default void phase(String name) {
    }

    /** A line of progress within the phase. */
    default void progress(String message) {
    }

    EvalListener NONE = new EvalListener() {
    };
}
