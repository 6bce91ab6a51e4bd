package dev.dpm.chain.registry;

import java.math.BigInteger;
import java.util.List;

/**
 * A governance proposal as stored on chain.
 *
 * @param id          proposal id (from 1)
 * @param kind        what it does
 * @param status      open, executed or expired (as of the block read)
 * @param target      the address it acts on (publisher, admin), zero when unused
 * @param value       the new threshold for {@link ProposalKind#CHANGE_THRESHOLD}, else 0
 * @param name        the package for {@link ProposalKind#HAND_OVER}, else empty
 * @param maintainers the new maintainers for {@link ProposalKind#HAND_OVER}, else empty
 * @param proposer    the admin who made it
 * @param createdAt   block timestamp of its creation (seconds)
 * @param expiresAt   after this timestamp it can no longer be approved or executed
 * @param approvers   current admins who approved it (approvals of since-removed admins do not count)
 */
public record Proposal(long id, ProposalKind kind, ProposalStatus status, String target, BigInteger value,
        String name, List<String> maintainers, String proposer, long createdAt, long expiresAt,
        List<String> approvers) {

    public Proposal {
        maintainers = List.copyOf(maintainers);
        approvers = List.copyOf(approvers);
    }

    /** One line for a person: {@code #3 add-publisher 0xab.. (1 approval, open)}. */
    public String describe() {
        String what = switch (kind) {
            case CHANGE_THRESHOLD -> kind.cliName() + " " + value;
            case HAND_OVER -> kind.cliName() + " " + name + " to " + String.join(",", maintainers);
            default -> kind.cliName() + " " + target;
        };
        return "#" + id + " " + what;
    }
}
