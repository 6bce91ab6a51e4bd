package dev.dpm.chain.registry;

/** What a governance proposal does once M admins approved it; {@link #code()} is its value on the ABI. */
public enum ProposalKind {
    /** Authorise {@code target} to publish. */
    ADD_PUBLISHER(0),
    /** Stop {@code target} from publishing, at once. */
    REMOVE_PUBLISHER(1),
    ADD_ADMIN(2),
    /** Refused when it would leave fewer admins than the threshold. */
    REMOVE_ADMIN(3),
    /** Set the threshold to {@code value}: at least 1, at most the number of admins. */
    CHANGE_THRESHOLD(4),
    /** Replace the maintainers of package {@code name} by {@code maintainers}. */
    HAND_OVER(5),
    /** A compromised key: yank every release {@code target} ever published and remove it as publisher. */
    YANK_PUBLISHER(6);

    private final int code;

    ProposalKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind with this ABI code; IllegalArgumentException for an unknown code. */
    public static ProposalKind of(int code) {
        for (ProposalKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown proposal kind " + code);
    }

    /** Command-line spelling: {@code add-publisher}, {@code hand-over}... */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
