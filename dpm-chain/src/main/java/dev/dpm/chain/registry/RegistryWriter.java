package dev.dpm.chain.registry;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.rpc.LogEntry;
import dev.dpm.chain.tx.TransactionRevertedException;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.chain.tx.TxReceipt;
import dev.dpm.chain.tx.TxRequest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes to the registry: publishing, yanks, maintainers, governance. Every method sends through a
 * {@link TransactionSender} (client-managed nonces, confirmed receipts) and returns once the transaction
 * is mined; a refusal is a {@link TransactionRevertedException} whose {@code reason()} is the contract's
 * words ("0x.. is not a maintainer of foo", "foo@1.0 already published"). Not thread-safe beyond what the
 * sender serialises.
 */
public final class RegistryWriter {
    /** Default lifetime of a proposal. */
    public static final Duration DEFAULT_PROPOSAL_LIFETIME = Duration.ofDays(7);

    /** Most bytes of calldata in one batch transaction (node pools refuse transactions above 128 KiB). */
    static final int BATCH_BYTES = 96 * 1024;
    /** Most releases in one batch transaction. */
    static final int BATCH_ITEMS = 200;

    private final TransactionSender sender;
    private final String registry;
    private final RegistryEvents events;

    public RegistryWriter(TransactionSender sender, String registry) {
        this.sender = sender;
        this.registry = registry.toLowerCase(Locale.ROOT);
        this.events = new RegistryEvents(this.registry);
    }

    /**
     * Deploys a registry with the bundled bytecode and returns the receipt ({@code contractAddress()} is
     * the registry's address).
     */
    public static TxReceipt deploy(TransactionSender sender, List<String> admins, int threshold,
            Duration proposalLifetime, List<String> publishers) throws ChainException, InterruptedException {
        String data = RegistryArtifact.bundled().bytecode()
                + RegistryAbi.constructorArgs(admins, threshold, proposalLifetime.toSeconds(), publishers);
        return sender.send(new TxRequest(null, data, null, "deploy the registry"));
    }

    public String address() {
        return registry;
    }

    public String account() {
        return sender.account();
    }

    // ---- publishing -------------------------------------------------------------------------------

    /**
     * Publishes {@code name@version} bound to {@code manifestCid}; {@code manifest} travels in the
     * transaction and the {@code ReleasePublished} event (the contract checks it hashes to the CID).
     */
    public TxReceipt publish(String name, String version, byte[] manifestCid, byte[] manifest)
            throws ChainException, InterruptedException {
        return sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.publish(name, version,
                manifestCid, manifest)), "publish " + name + "@" + version));
    }

    public TxReceipt publish(NewRelease r) throws ChainException, InterruptedException {
        return publish(r.name(), r.version(), r.manifestCid(), r.manifest());
    }

    /**
     * Publishes each release in its own transaction, pipelined (the sender bounds how many are in flight
     * and confirms each). Unlike {@link #publishBatch(List)}, one refused release does not stop those
     * already sent. Returns one receipt per release, in order.
     */
    public List<TxReceipt> publishEach(List<NewRelease> releases) throws ChainException, InterruptedException {
        List<TxRequest> requests = new ArrayList<>();
        for (NewRelease r : releases) {
            requests.add(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.publish(r.name(), r.version(),
                    r.manifestCid(), r.manifest())), "publish " + r));
        }
        return sender.sendAll(requests);
    }

    /**
     * Publishes many releases in as few transactions as fit: chunks bounded by calldata size, item count
     * and half the block gas limit (a chunk whose estimate is above that is split in two). Each chunk is
     * all-or-nothing; chunks are sent pipelined. Returns one receipt per chunk.
     */
    public List<TxReceipt> publishBatch(List<NewRelease> releases) throws ChainException, InterruptedException {
        // Half a block: two chunks fill a block, leaving no block mostly empty while chunks wait.
        BigInteger blockGas = sender.blockGasLimit();
        BigInteger budget = blockGas.shiftRight(1);
        List<TxRequest> requests = new ArrayList<>();
        List<NewRelease> chunk = new ArrayList<>();
        int bytes = 0;
        long gas = 0;
        for (NewRelease r : releases) {
            long itemGas = itemGasUpperBound(r);
            if (!chunk.isEmpty() && (chunk.size() >= BATCH_ITEMS || bytes + r.calldataBytes() > BATCH_BYTES
                    || BigInteger.valueOf(gas + itemGas).compareTo(blockGas) > 0)) {
                addChunk(chunk, budget, requests);
                chunk = new ArrayList<>();
                bytes = 0;
                gas = 0;
            }
            chunk.add(r);
            bytes += r.calldataBytes();
            gas += itemGas;
        }
        if (!chunk.isEmpty()) {
            addChunk(chunk, budget, requests);
        }
        return sender.sendAll(requests);
    }

    private void addChunk(List<NewRelease> chunk, BigInteger budget, List<TxRequest> out) throws ChainException {
        TxRequest req = batchRequest(chunk);
        BigInteger gas;
        try {
            gas = sender.estimate(req);
        } catch (TransactionRevertedException e) {
            if (chunk.size() == 1) {
                throw e;
            }
            // Out of gas, or one bad item: halve until the estimate passes or names the single bad release.
            gas = budget.add(BigInteger.ONE);
        }
        if (gas.compareTo(budget) > 0 && chunk.size() > 1) {
            int half = chunk.size() / 2;
            addChunk(chunk.subList(0, half), budget, out);
            addChunk(chunk.subList(half, chunk.size()), budget, out);
            return;
        }
        out.add(req.withGasLimit(gas.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5))
                .add(BigInteger.valueOf(50_000))));
    }

    /**
     * A generous bound on one release's share of a batch (first release of a new name, measured about
     * 180k with a 200-byte manifest): chunks are first cut so that even this bound fits in a block, then
     * each chunk's estimate splits it further down to the budget of half a block.
     */
    static long itemGasUpperBound(NewRelease r) {
        return 200_000L + 45L * r.calldataBytes();
    }

    private TxRequest batchRequest(List<NewRelease> chunk) {
        List<String> names = chunk.stream().map(NewRelease::name).toList();
        List<String> versions = chunk.stream().map(NewRelease::version).toList();
        List<byte[]> cids = chunk.stream().map(NewRelease::manifestCid).toList();
        List<byte[]> manifests = chunk.stream().map(NewRelease::manifest).toList();
        String what = chunk.size() == 1 ? "publish " + chunk.get(0)
                : "publish a batch of " + chunk.size() + " releases (" + chunk.get(0) + " .. "
                        + chunk.get(chunk.size() - 1) + ")";
        return TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.publishBatch(names, versions, cids,
                manifests)), what);
    }

    /** Yanks {@code name@version} (a maintainer's act). */
    public TxReceipt yank(String name, String version) throws ChainException, InterruptedException {
        return sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.yank(name, version)),
                "yank " + name + "@" + version));
    }

    public TxReceipt addMaintainer(String name, String maintainer) throws ChainException, InterruptedException {
        return sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.addMaintainer(name, maintainer)),
                "add maintainer " + maintainer + " to " + name));
    }

    public TxReceipt removeMaintainer(String name, String maintainer) throws ChainException, InterruptedException {
        return sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.removeMaintainer(name,
                maintainer)), "remove maintainer " + maintainer + " from " + name));
    }

    // ---- governance -------------------------------------------------------------------------------

    /** The outcome of a proposal: its id, and whether this transaction already executed it (M = 1). */
    public record Proposed(long id, boolean executed, TxReceipt receipt) {
    }

    /**
     * Proposes a governance change and approves it as the proposer.
     *
     * @param target      the address acted on (publisher, admin); null for threshold and hand-over
     * @param value       the new threshold for {@link ProposalKind#CHANGE_THRESHOLD}, else 0
     * @param name        the package for {@link ProposalKind#HAND_OVER}, else null
     * @param maintainers the new maintainers for {@link ProposalKind#HAND_OVER}, else empty
     */
    public Proposed propose(ProposalKind kind, String target, long value, String name, List<String> maintainers)
            throws ChainException, InterruptedException {
        String t = target == null ? "0x0000000000000000000000000000000000000000" : target;
        String n = name == null ? "" : name;
        TxReceipt r = sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.propose(kind, t,
                BigInteger.valueOf(value), n, maintainers)), "propose " + kind.cliName()));
        long id = -1;
        boolean executed = false;
        for (LogEntry log : r.logs()) {
            RegistryEvent e = events.decode(log);
            if (e instanceof RegistryEvent.ProposalCreated c) {
                id = c.id();
            } else if (e instanceof RegistryEvent.ProposalExecuted) {
                executed = true;
            }
        }
        if (id < 0) {
            throw new RegistryException("the proposal transaction " + r.hash() + " emitted no ProposalCreated event");
        }
        return new Proposed(id, executed, r);
    }

    public Proposed proposeAddPublisher(String publisher) throws ChainException, InterruptedException {
        return propose(ProposalKind.ADD_PUBLISHER, publisher, 0, null, List.of());
    }

    public Proposed proposeRemovePublisher(String publisher) throws ChainException, InterruptedException {
        return propose(ProposalKind.REMOVE_PUBLISHER, publisher, 0, null, List.of());
    }

    public Proposed proposeAddAdmin(String admin) throws ChainException, InterruptedException {
        return propose(ProposalKind.ADD_ADMIN, admin, 0, null, List.of());
    }

    public Proposed proposeRemoveAdmin(String admin) throws ChainException, InterruptedException {
        return propose(ProposalKind.REMOVE_ADMIN, admin, 0, null, List.of());
    }

    public Proposed proposeThreshold(int threshold) throws ChainException, InterruptedException {
        return propose(ProposalKind.CHANGE_THRESHOLD, null, threshold, null, List.of());
    }

    public Proposed proposeHandOver(String name, List<String> maintainers) throws ChainException,
            InterruptedException {
        return propose(ProposalKind.HAND_OVER, null, 0, name, maintainers);
    }

    public Proposed proposeYankPublisher(String publisher) throws ChainException, InterruptedException {
        return propose(ProposalKind.YANK_PUBLISHER, publisher, 0, null, List.of());
    }

    /** Approves proposal {@code id}; it executes in this transaction when the approvals reach M. */
    public TxReceipt approve(long id) throws ChainException, InterruptedException {
        return sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.approve(id)),
                "approve proposal " + id));
    }

    /** Withdraws the caller's approval of proposal {@code id}. */
    public TxReceipt revoke(long id) throws ChainException, InterruptedException {
        return sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.revoke(id)),
                "withdraw approval of proposal " + id));
    }

    /** Executes proposal {@code id} whose approvals already reach M (e.g. after M was lowered). */
    public TxReceipt execute(long id) throws ChainException, InterruptedException {
        return sender.send(TxRequest.call(registry, RegistryAbi.encode(RegistryAbi.execute(id)),
                "execute proposal " + id));
    }

    /** Whether {@code receipt} executed a proposal (contains a {@code ProposalExecuted} event). */
    public boolean executed(TxReceipt receipt) throws RegistryException {
        for (LogEntry log : receipt.logs()) {
            if (events.decode(log) instanceof RegistryEvent.ProposalExecuted) {
                return true;
            }
        }
        return false;
    }
}
