package dev.dpm.chain.tx;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.rpc.LogEntry;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Sends transactions from one account to one JSON-RPC endpoint, safely:
 * <ul>
 *   <li>nonces are assigned here (from the account's pending count at first use), never by the node;</li>
 *   <li>at most {@code maxInFlight} transactions, and at most {@code maxInFlightBlocks} blocks' worth of gas
 *       (by gas limit), are pending at once: a node such as anvil silently drops transactions sent faster
 *       than blocks hold them;</li>
 *   <li>every transaction is confirmed by its receipt; one the node lost (neither mined nor pending) is sent
 *       again, byte for byte, and one never confirmed within the timeout is a {@link TransactionLostException};</li>
 *   <li>a revert is reported with the contract's reason in words ({@link TransactionRevertedException}):
 *       found by gas estimation before sending, or, for a transaction reverted on chain, by replaying it
 *       with {@code eth_call} at its block.</li>
 * </ul>
 * Transactions are legacy (EIP-155) with a gas price that covers twice the current base fee, which every
 * EVM chain accepts. One sender per account; methods are synchronized.
 */
public final class TransactionSender implements AutoCloseable {
    private final Web3j web3j;
    private final String endpoint;
    private final Credentials credentials;
    private final long chainId;
    private final int maxInFlight;
    private final int maxInFlightBlocks;
    private final Duration pollInterval;
    private final Duration lostAfter;
    private final Duration timeout;
    private final TxListener listener;
    private Long nextNonce;
    private boolean chainIdChecked;

    private TransactionSender(Builder b) {
        this.endpoint = b.endpoint;
        // A deadline on each whole call: OkHttp's default read timeout only bounds a silence (10 s), so an
        // endpoint trickling its answer held a call, and a publish waiting on receipts, for ever.
        this.web3j = Web3j.build(new HttpService(b.endpoint, new okhttp3.OkHttpClient.Builder()
                .callTimeout(b.callTimeout).build()));
        this.credentials = b.credentials;
        this.chainId = b.chainId;
        this.maxInFlight = b.maxInFlight;
        this.maxInFlightBlocks = b.maxInFlightBlocks;
        this.pollInterval = b.pollInterval;
        this.lostAfter = b.lostAfter;
        this.timeout = b.timeout;
        this.listener = b.listener;
    }

    public static Builder builder(String endpoint, Credentials credentials, long chainId) {
        return new Builder(endpoint, credentials, chainId);
    }

    /** The sending account, 0x-prefixed lower-case. */
    public String account() {
        return credentials.getAddress().toLowerCase(Locale.ROOT);
    }

    public String endpoint() {
        return endpoint;
    }

    /** Sends one transaction and waits for its receipt. */
    public synchronized TxReceipt send(TxRequest request) throws ChainException, InterruptedException {
        return sendAll(List.of(request)).get(0);
    }

    /**
     * Sends the requests in order (consecutive nonces), at most {@code maxInFlight} pending at once, and
     * returns their receipts in the same order once all are confirmed.
     *
     * @throws TransactionRevertedException the first refused or reverted request; nothing after a refused
     *                                      one is sent (those already in flight are still confirmed)
     * @throws TransactionLostException     a transaction never confirmed within the timeout
     * @throws ChainException               the endpoint failed (names it)
     */
    public synchronized List<TxReceipt> sendAll(List<TxRequest> requests) throws ChainException,
            InterruptedException {
        checkChainId();
        TxReceipt[] receipts = new TxReceipt[requests.size()];
        Deque<Pending> inFlight = new ArrayDeque<>();
        ChainException failure = null;
        BigInteger maxGas = requests.isEmpty() ? BigInteger.ZERO
                : blockGasLimit().multiply(BigInteger.valueOf(maxInFlightBlocks));
        for (int i = 0; i < requests.size() && failure == null; i++) {
            BigInteger gasLimit;
            try {
                gasLimit = gasLimit(requests.get(i));
            } catch (ChainException e) {
                failure = e;
                break;
            }
            while (!inFlight.isEmpty() && failure == null && (inFlight.size() >= maxInFlight
                    || gasOf(inFlight).add(gasLimit).compareTo(maxGas) > 0)) {
                int before = inFlight.size();
                failure = poll(inFlight, receipts);
                if (inFlight.size() == before) {
                    Thread.sleep(pollInterval.toMillis());
                }
            }
            if (failure != null) {
                break;
            }
            try {
                inFlight.add(submit(i, requests.get(i), gasLimit));
            } catch (ChainException e) {
                failure = e;
            }
        }
        while (!inFlight.isEmpty()) {
            ChainException f = poll(inFlight, receipts);
            if (failure == null) {
                failure = f;
            }
            if (!inFlight.isEmpty()) {
                Thread.sleep(pollInterval.toMillis());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return List.of(receipts);
    }

    /** {@code eth_estimateGas} of a request (a refusal comes back as {@link TransactionRevertedException}). */
    public synchronized BigInteger estimate(TxRequest request) throws ChainException {
        Transaction tx = new Transaction(account(), null, null, null, request.to(), BigInteger.ZERO, request.data());
        EthEstimateGas est = rpc(() -> web3j.ethEstimateGas(tx).send(), "eth_estimateGas");
        if (est.hasError()) {
            throw new TransactionRevertedException(request.description(), null, 0, reasonOf(est.getError()));
        }
        return est.getAmountUsed();
    }

    /** Gas limit of the latest block. */
    public BigInteger blockGasLimit() throws ChainException {
        EthBlock b = rpc(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(),
                "eth_getBlockByNumber");
        return b.getBlock().getGasLimit();
    }

    /** The underlying client, for callers that need a raw call on the same endpoint (tests, devnet). */
    public Web3j web3j() {
        return web3j;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    // ---- internals --------------------------------------------------------------------------------

    private final class Pending {
        final int index;
        final TxRequest request;
        final String raw;
        final String hash;
        final BigInteger gasLimit;
        final long firstSent;
        long lastSent;
        int resubmissions;
        /** Why the last receipt or lookup call for it failed, if it did: told when it is given up. */
        ChainException lastFailure;

        Pending(int index, TxRequest request, String raw, String hash, BigInteger gasLimit) {
            this.index = index;
            this.gasLimit = gasLimit;
            this.request = request;
            this.raw = raw;
            this.hash = hash;
            this.firstSent = System.nanoTime();
            this.lastSent = firstSent;
        }
    }

    private static BigInteger gasOf(Deque<Pending> inFlight) {
        BigInteger sum = BigInteger.ZERO;
        for (Pending p : inFlight) {
            sum = sum.add(p.gasLimit);
        }
        return sum;
    }

    /** The request's gas limit, or an estimate with a margin (a refusal comes back as a revert). */
    private BigInteger gasLimit(TxRequest request) throws ChainException {
        if (request.gasLimit() != null) {
            return request.gasLimit();
        }
        BigInteger est = estimate(request);
        // Estimates are exact on most nodes; a margin keeps storage-refund and warm/cold edge cases in.
        BigInteger gasLimit = est.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5))
                .add(BigInteger.valueOf(20_000));
        BigInteger max = blockGasLimit();
        return gasLimit.compareTo(max) > 0 ? max.max(est) : gasLimit;
    }

    private Pending submit(int index, TxRequest request, BigInteger gasLimit) throws ChainException {
        long nonce = nonce();
        BigInteger gasPrice = gasPrice();
        RawTransaction raw = request.to() == null
                ? RawTransaction.createContractTransaction(BigInteger.valueOf(nonce), gasPrice, gasLimit,
                        BigInteger.ZERO, request.data())
                : RawTransaction.createTransaction(BigInteger.valueOf(nonce), gasPrice, gasLimit, request.to(),
                        BigInteger.ZERO, request.data());
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, credentials));
        EthSendTransaction sent = rpc(() -> web3j.ethSendRawTransaction(signed).send(), "eth_sendRawTransaction");
        if (sent.hasError()) {
            // The nonce was not used; let the next request take it again from the node's view.
            nextNonce = null;
            throw new ChainException(endpoint + " refused " + request.description() + ": "
                    + sent.getError().getMessage());
        }
        nextNonce = nonce + 1;
        String hash = sent.getTransactionHash();
        listener.submitted(request, hash, nonce);
        return new Pending(index, request, signed, hash, gasLimit);
    }

    /** Checks every pending transaction once; returns the first failure, removes what is settled. */
    private ChainException poll(Deque<Pending> inFlight, TxReceipt[] receipts) throws ChainException {
        ChainException failure = null;
        List<Pending> settled = new ArrayList<>();
        for (Pending p : inFlight) {
            Optional<TransactionReceipt> r;
            try {
                r = rpc(() -> web3j.ethGetTransactionReceipt(p.hash).send(), "eth_getTransactionReceipt")
                        .getTransactionReceipt();
                p.lastFailure = null; // answered (not mined yet): an earlier failure is no longer the story
            } catch (ChainException e) {
                // A transient failure of the endpoint: the transaction is still pending for us; the timeout
                // below bounds how long we keep asking (and names this failure if it is the last).
                p.lastFailure = e;
                r = Optional.empty();
            }
            if (r.isPresent()) {
                settled.add(p);
                TransactionReceipt tr = r.get();
                if (!tr.isStatusOK()) {
                    if (failure == null) {
                        failure = new TransactionRevertedException(p.request.description(), p.hash,
                                tr.getBlockNumber().longValueExact(), replayReason(p.request, tr));
                    }
                    continue;
                }
                TxReceipt receipt = new TxReceipt(p.request.description(), p.hash, tr.getBlockNumber().longValueExact(),
                        tr.getGasUsed().longValueExact(), tr.getContractAddress(), logs(tr), p.resubmissions);
                receipts[p.index] = receipt;
                listener.confirmed(receipt);
                continue;
            }
            long now = System.nanoTime();
            if (now - p.firstSent > timeout.toNanos()) {
                settled.add(p);
                // Later nonces would wait behind the lost one forever: ask the node again next time.
                nextNonce = null;
                if (failure == null) {
                    failure = new TransactionLostException(p.request.description() + " (tx " + p.hash
                            + ") was not confirmed by " + endpoint + " within " + timeout.toSeconds() + " s after "
                            + p.resubmissions + " resubmissions" + (p.lastFailure == null ? ""
                            : "; the last attempt to read it failed: " + p.lastFailure.getMessage()), p.hash);
                    if (p.lastFailure != null) {
                        failure.initCause(p.lastFailure);
                    }
                }
                continue;
            }
            if (now - p.lastSent > lostAfter.toNanos()) {
                p.lastSent = now;
                try {
                    boolean known = rpc(() -> web3j.ethGetTransactionByHash(p.hash).send(),
                            "eth_getTransactionByHash").getTransaction().isPresent();
                    if (!known) {
                        // Lost by the node: the same signed bytes again (same nonce, same hash), so it can
                        // never be included twice.
                        EthSendTransaction again = rpc(() -> web3j.ethSendRawTransaction(p.raw).send(),
                                "eth_sendRawTransaction");
                        p.resubmissions++;
                        if (!again.hasError()) {
                            listener.resubmitted(p.request, p.hash);
                        }
                    }
                } catch (ChainException e) {
                    // The endpoint failed for now; try again after lostAfter, until the timeout.
                    p.lastFailure = e;
                }
            }
        }
        inFlight.removeAll(settled);
        return failure;
    }

    private String replayReason(TxRequest request, TransactionReceipt tr) {
        BigInteger block = tr.getBlockNumber();
        Transaction call = new Transaction(account(), null, null, null, request.to(), BigInteger.ZERO, request.data());
        // The state just before the block is the closest to what the transaction saw; the block's own state
        // is the fallback when earlier transactions of the same block caused the revert.
        for (BigInteger at : List.of(block.subtract(BigInteger.ONE).max(BigInteger.ZERO), block)) {
            try {
                EthCall r = web3j.ethCall(call, DefaultBlockParameter.valueOf(at)).send();
                if (r.hasError()) {
                    return reasonOf(r.getError());
                }
                if (r.isReverted()) {
                    return RevertReason.decode(r.getValue(), r.getRevertReason());
                }
            } catch (IOException e) {
                return "reverted (the reason could not be read from " + endpoint + ": " + e.getMessage() + ")";
            }
        }
        return "reverted (out of gas, or a reason that no longer reproduces)";
    }

    static String reasonOf(Response.Error error) {
        String data = error.getData();
        if (data != null) {
            data = data.replace("\"", "").trim();
        }
        String fromData = RevertReason.decode(data, null);
        return fromData != null ? fromData : RevertReason.fromMessage(error.getMessage());
    }

    private static List<LogEntry> logs(TransactionReceipt tr) {
        List<LogEntry> out = new ArrayList<>();
        for (Log l : tr.getLogs()) {
            out.add(new LogEntry(l.getAddress().toLowerCase(Locale.ROOT), List.copyOf(l.getTopics()), l.getData(),
                    l.getBlockNumber().longValueExact(), l.getBlockHash(), l.getTransactionHash(),
                    l.getLogIndex().longValueExact()));
        }
        return out;
    }

    private long nonce() throws ChainException {
        if (nextNonce == null) {
            nextNonce = rpc(() -> web3j.ethGetTransactionCount(account(), DefaultBlockParameterName.PENDING).send(),
                    "eth_getTransactionCount").getTransactionCount().longValueExact();
        }
        return nextNonce;
    }

    private BigInteger gasPrice() throws ChainException {
        BigInteger price = rpc(() -> web3j.ethGasPrice().send(), "eth_gasPrice").getGasPrice();
        EthBlock b = rpc(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(),
                "eth_getBlockByNumber");
        String base = b.getBlock().getBaseFeePerGasRaw();
        if (base != null) {
            // Twice the base fee keeps the transaction valid through several blocks of rising fees.
            price = price.max(Numeric.decodeQuantity(base).shiftLeft(1));
        }
        return price;
    }

    private void checkChainId() throws ChainException {
        if (chainIdChecked) {
            return;
        }
        long reported = rpc(() -> web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
        if (reported != chainId) {
            throw new ChainException(endpoint + " reports chain id " + reported + ", configured " + chainId);
        }
        chainIdChecked = true;
    }

    private interface RpcCall<T> {
        T call() throws IOException;
    }

    private <T extends Response<?>> T rpc(RpcCall<T> c, String method) throws ChainException {
        T r;
        try {
            r = c.call();
        } catch (IOException e) {
            throw new ChainException(endpoint + " failed on " + method + ": " + e.getMessage(), e);
        }
        if (r.hasError() && !method.equals("eth_estimateGas") && !method.equals("eth_sendRawTransaction")) {
            throw new ChainException(endpoint + " answered " + method + " with an error: " + r.getError().getMessage());
        }
        return r;
    }

    /** Configuration of a {@link TransactionSender}. */
    public static final class Builder {
        private final String endpoint;
        private final Credentials credentials;
        private final long chainId;
        private int maxInFlight = 256;
        private int maxInFlightBlocks = 2;
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration lostAfter = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(120);
        private Duration callTimeout = Duration.ofSeconds(30);
        private TxListener listener = TxListener.NONE;

        private Builder(String endpoint, Credentials credentials, long chainId) {
            this.endpoint = endpoint;
            this.credentials = credentials;
            this.chainId = chainId;
        }

        /** Most transactions pending at once (default 256; the gas bound usually binds first). */
        public Builder maxInFlight(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1");
            }
            this.maxInFlight = n;
            return this;
        }

        /** Most gas pending at once, in block gas limits (by the transactions' gas limits; default 2). */
        public Builder maxInFlightBlocks(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInFlightBlocks must be at least 1");
            }
            this.maxInFlightBlocks = n;
            return this;
        }

        /** How often receipts are polled (default 200 ms). */
        public Builder pollInterval(Duration d) {
            this.pollInterval = d;
            return this;
        }

        /** After this long without a receipt, a transaction the node no longer knows is sent again (default 5 s). */
        public Builder lostAfter(Duration d) {
            this.lostAfter = d;
            return this;
        }

        /** A transaction not confirmed this long after it was first sent is lost (default 120 s). */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /**
         * Deadline of one JSON-RPC call, from sending to the last byte of the answer (default 30 s); a call
         * past it fails naming the endpoint (a receipt poll past it is retried until {@link #timeout}).
         */
        public Builder callTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("callTimeout must be positive");
            }
            this.callTimeout = d;
            return this;
        }

        public Builder listener(TxListener l) {
            this.listener = l;
            return this;
        }

        public TransactionSender build() {
            return new TransactionSender(this);
        }
    }
}
