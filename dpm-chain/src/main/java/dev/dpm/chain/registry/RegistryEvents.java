package dev.dpm.chain.registry;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.RegistryEvent.AdminAdded;
import dev.dpm.chain.registry.RegistryEvent.AdminRemoved;
import dev.dpm.chain.registry.RegistryEvent.ApprovalWithdrawn;
import dev.dpm.chain.registry.RegistryEvent.MaintainerAdded;
import dev.dpm.chain.registry.RegistryEvent.MaintainerRemoved;
import dev.dpm.chain.registry.RegistryEvent.PackageHandedOver;
import dev.dpm.chain.registry.RegistryEvent.ProposalApproved;
import dev.dpm.chain.registry.RegistryEvent.ProposalCreated;
import dev.dpm.chain.registry.RegistryEvent.ProposalExecuted;
import dev.dpm.chain.registry.RegistryEvent.PublisherAdded;
import dev.dpm.chain.registry.RegistryEvent.PublisherRemoved;
import dev.dpm.chain.registry.RegistryEvent.PublisherYanked;
import dev.dpm.chain.registry.RegistryEvent.ReleasePublished;
import dev.dpm.chain.registry.RegistryEvent.ReleaseYanked;
import dev.dpm.chain.registry.RegistryEvent.ThresholdChanged;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.rpc.LogEntry;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;

/**
 * Reads and decodes the registry's event log: the source of {@code dpm update} (incremental sync from a
 * block) and of {@code dpm audit}. Stateless and thread-safe.
 */
public final class RegistryEvents {
    private static final Map<String, Event> BY_TOPIC = new HashMap<>();
    private static final List<String> TOPICS;

    static {
        List<String> topics = new ArrayList<>();
        for (Event e : RegistryAbi.EVENTS) {
            String t = RegistryAbi.topic0(e);
            BY_TOPIC.put(t, e);
            topics.add(t);
        }
        TOPICS = List.copyOf(topics);
    }

    private final String registry;

    /** @param registry address of the registry contract, 0x-prefixed */
    public RegistryEvents(String registry) {
        this.registry = registry.toLowerCase(Locale.ROOT);
    }

    /**
     * Every registry event from block {@code fromBlock} through the view's block, in chain order.
     *
     * @throws ChainException     when the view cannot read the logs (names the endpoint)
     * @throws RegistryException  when a log cannot be decoded, or a release's manifest does not match its CID
     *                            (names block, transaction and log index, and the view's endpoints: the
     *                            contract checks {@code sha256(manifest)} at publish and emits well-formed
     *                            events only, so whoever served such a log altered it)
     */
    public List<RegistryEvent> events(ChainView view, long fromBlock) throws ChainException {
        return decodeAll(view, view.logs(registry, fromBlock, TOPICS));
    }

    /**
     * As {@link #events(ChainView, long)} but only through block {@code toBlock} (inclusive, at most the
     * view's block): for reading a long range in windows of {@link ChainView#logWindowBlocks()} blocks
     * and reporting progress between them. The windows of a range together give exactly its events.
     *
     * @throws ChainException    {@code toBlock} above the view's block, or the view cannot read the logs
     * @throws RegistryException as {@link #events(ChainView, long)}
     */
    public List<RegistryEvent> events(ChainView view, long fromBlock, long toBlock) throws ChainException {
        return decodeAll(view, view.logs(registry, fromBlock, toBlock, TOPICS));
    }

    private List<RegistryEvent> decodeAll(ChainView view, List<LogEntry> logs) throws ChainException {
        List<RegistryEvent> out = new ArrayList<>(logs.size());
        for (LogEntry log : logs) {
            RegistryEvent e;
            try {
                e = decode(log);
            } catch (RegistryException ex) {
                List<URI> eps = view.endpoints();
                if (eps.isEmpty()) {
                    throw ex;
                }
                throw new RegistryException(ex.getMessage() + "; served by RPC endpoint"
                        + (eps.size() == 1 ? " " + eps.get(0) : "s " + eps + " alike")
                        + ", which altered it (the contract emits no such event)", ex);
            }
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** The events of one package ({@link RegistryEvent#packageName()} equal to {@code name}). */
    public List<RegistryEvent> eventsOf(ChainView view, String name, long fromBlock) throws ChainException {
        return events(view, fromBlock).stream().filter(e -> name.equals(e.packageName())).toList();
    }

    /** The topic-0 hashes of all registry events (for callers that fetch logs themselves). */
    public static List<String> topics() {
        return TOPICS;
    }

    /**
     * Decodes one log of the registry; null for a log that is not from the registry or not a registry
     * event.
     *
     * @throws RegistryException when the log is malformed or a release's manifest does not match its CID
     */
    public RegistryEvent decode(LogEntry log) throws RegistryException {
        if (!registry.equals(log.address().toLowerCase(Locale.ROOT)) || log.topics().isEmpty()) {
            return null;
        }
        Event event = BY_TOPIC.get(log.topics().get(0).toLowerCase(Locale.ROOT));
        if (event == null) {
            return null;
        }
        String where = "block " + log.blockNumber() + ", tx " + log.transactionHash() + ", log " + log.logIndex();
        try {
            return decode(event, log);
        } catch (RegistryException e) {
            throw new RegistryException(e.getMessage() + " (" + where + ")");
        } catch (RuntimeException e) {
            throw new RegistryException("malformed " + event.getName() + " event at " + where + ": " + e, e);
        }
    }

    private static RegistryEvent decode(Event event, LogEntry log) throws RegistryException {
        List<TypeReference<Type>> indexedTypes = event.getIndexedParameters();
        List<String> topics = log.topics();
        if (topics.size() != indexedTypes.size() + 1) {
            throw new RegistryException(event.getName() + " has " + (topics.size() - 1) + " indexed topics, expected "
                    + indexedTypes.size());
        }
        List<Object> ix = new ArrayList<>();
        for (int i = 0; i < indexedTypes.size(); i++) {
            ix.add(FunctionReturnDecoder.decodeIndexedValue(topics.get(i + 1), indexedTypes.get(i)).getValue());
        }
        List<Type> data = FunctionReturnDecoder.decode(log.data(), event.getNonIndexedParameters());
        if (data.size() != event.getNonIndexedParameters().size()) {
            throw new RegistryException(event.getName() + " data does not decode");
        }
        long b = log.blockNumber();
        String tx = log.transactionHash();
        long li = log.logIndex();
        return switch (event.getName()) {
            case "AdminAdded" -> new AdminAdded(b, tx, li, addr(ix.get(0)), num(data.get(0)));
            case "AdminRemoved" -> new AdminRemoved(b, tx, li, addr(ix.get(0)), num(data.get(0)));
            case "ThresholdChanged" -> new ThresholdChanged(b, tx, li, num(data.get(0)), num(data.get(1)),
                    num(data.get(2)));
            case "PublisherAdded" -> new PublisherAdded(b, tx, li, addr(ix.get(0)), num(data.get(0)));
            case "PublisherRemoved" -> new PublisherRemoved(b, tx, li, addr(ix.get(0)), num(data.get(0)));
            case "PublisherYanked" -> new PublisherYanked(b, tx, li, addr(ix.get(0)), num(data.get(0)),
                    num(data.get(1)));
            case "MaintainerAdded" -> new MaintainerAdded(b, tx, li, str(data.get(0)), addr(ix.get(0)),
                    addr(ix.get(1)));
            case "MaintainerRemoved" -> new MaintainerRemoved(b, tx, li, str(data.get(0)), addr(ix.get(0)),
                    addr(ix.get(1)));
            case "PackageHandedOver" -> new PackageHandedOver(b, tx, li, str(data.get(0)), addrs(data.get(1)),
                    num(data.get(2)));
            case "ReleasePublished" -> {
                byte[] cid = ((DynamicBytes) data.get(2)).getValue();
                byte[] manifest = ((DynamicBytes) data.get(3)).getValue();
                String name = str(data.get(0));
                String version = str(data.get(1));
                if (!ManifestCid.matches(cid, manifest)) {
                    throw new RegistryException("the manifest of " + name + "@" + version
                            + " in its ReleasePublished event does not match its CID " + ManifestCid.toText(cid));
                }
                yield new ReleasePublished(b, tx, li, name, version, cid, manifest, addr(ix.get(0)));
            }
            case "ReleaseYanked" -> new ReleaseYanked(b, tx, li, str(data.get(0)), str(data.get(1)), addr(ix.get(0)));
            case "ProposalCreated" -> new ProposalCreated(b, tx, li, ((BigInteger) ix.get(0)).longValueExact(),
                    ProposalKind.of((int) num(data.get(0))), addr(((Address) data.get(1)).getValue()),
                    (BigInteger) data.get(2).getValue(), str(data.get(3)), addrs(data.get(4)), addr(ix.get(1)),
                    num(data.get(5)));
            case "ProposalApproved" -> new ProposalApproved(b, tx, li, ((BigInteger) ix.get(0)).longValueExact(),
                    addr(ix.get(1)), num(data.get(0)));
            case "ApprovalWithdrawn" -> new ApprovalWithdrawn(b, tx, li, ((BigInteger) ix.get(0)).longValueExact(),
                    addr(ix.get(1)), num(data.get(0)));
            case "ProposalExecuted" -> new ProposalExecuted(b, tx, li, ((BigInteger) ix.get(0)).longValueExact());
            default -> throw new IllegalStateException("no decoder for " + event.getName());
        };
    }

    private static String addr(Object o) {
        return o.toString().toLowerCase(Locale.ROOT);
    }

    private static long num(Type t) {
        return ((BigInteger) t.getValue()).longValueExact();
    }

    private static String str(Type t) {
        return ((Utf8String) t).getValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> addrs(Type t) {
        return ((DynamicArray<Address>) t).getValue().stream().map(a -> addr(a.getValue())).toList();
    }
}
