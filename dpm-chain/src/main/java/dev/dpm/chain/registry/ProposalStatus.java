package dev.dpm.chain.registry;

/** State of a proposal as of the block it was read at. */
public enum ProposalStatus {
    OPEN, EXECUTED, EXPIRED;

    static ProposalStatus of(int code) {
        return switch (code) {
            case 0 -> OPEN;
            case 1 -> EXECUTED;
            case 2 -> EXPIRED;
            default -> throw new IllegalArgumentException("unknown proposal status " + code);
        };
    }
}
