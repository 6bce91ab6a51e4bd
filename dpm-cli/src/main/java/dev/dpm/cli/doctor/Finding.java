package dev.dpm.cli.doctor;

/**
 * One thing {@code dpm doctor} found about a configuration.
 *
 * @param severity how bad it is
 * @param area     what it concerns: {@code rpc}, {@code freshness}, {@code checkpoint}, {@code peers},
 *                 {@code keystore}, {@code config}, {@code seed}
 * @param problem  what is exposed, in one sentence
 * @param fix      what to change; empty when nothing needs to change
 */
public record Finding(Severity severity, String area, String problem, String fix) {

    /** How bad a finding is. */
    public enum Severity {
        /** An attack in docs/SECURITY.md succeeds against this configuration: {@code dpm doctor} exits non-zero. */
        DANGER,
        /** A defence is weaker than it could be, or availability suffers. */
        WARN,
        /** A defence that is in place. */
        OK
    }

    static Finding danger(String area, String problem, String fix) {
        return new Finding(Severity.DANGER, area, problem, fix);
    }

    static Finding warn(String area, String problem, String fix) {
        return new Finding(Severity.WARN, area, problem, fix);
    }

    static Finding ok(String area, String what) {
        return new Finding(Severity.OK, area, what, "");
    }
}
