package dev.dpm.chain.rpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How much a {@link VerifiedChainReader}'s configuration protects against lying or stale endpoints,
 * for {@code dpm doctor}.
 *
 * @param endpointCount      number of configured endpoints; 1 means no cross-check is possible
 * @param freshness          freshness window, zero when off
 * @param checkpoint         trusted checkpoint, or null
 * @param sealsChecked       whether Clique seals are checked against a validator set
 * @param logsProven         whether event logs are proven against receipts roots
 */
public record TrustPosture(int endpointCount, Duration freshness, Checkpoint checkpoint, boolean sealsChecked,
        boolean logsProven) {

    /** Whether reads are compared across endpoints. */
    public boolean crossChecked() {
        return endpointCount >= 2;
    }

    /** One sentence per weakness, with what to change; empty when none is known. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (endpointCount < 2) {
            w.add("only one RPC endpoint: its answers cannot be cross-checked; add a second, independent "
                    + "endpoint to \"rpc\" (registry reads can still be verified by storage proofs)");
            if (!logsProven) {
                w.add("events from a single endpoint are taken on trust: it could hide one (a yank); prove them "
                        + "against receipts roots (proveLogs) or add a second endpoint");
            }
        }
        if (freshness.isZero()) {
            w.add("no freshness window: a frozen endpoint can hide new releases and yanks; set "
                    + "\"freshnessSeconds\" (e.g. 300)");
        }
        if (checkpoint == null) {
            w.add("no trusted checkpoint: block headers are not linked to a block you trust; configure one");
        } else if (!sealsChecked) {
            w.add("checkpoint without validator seals: a lying endpoint can forge headers that descend from "
                    + "the checkpoint; cross-check endpoints, or configure validators on proof-of-authority chains");
        }
        return w;
    }
}
