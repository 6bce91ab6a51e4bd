package dev.dpm.chain.registry;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.rpc.ChainView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.utils.Numeric;

/**
 * Typed reads of the registry. Every read goes through a {@link ChainView}, so all reads of one operation
 * answer as of one block (pass the same view); the view is what verifies the answers. Stateless and
 * thread-safe.
 */
public final class RegistryClient {
    private final String registry;

    /** @param registry address of the registry contract, 0x-prefixed */
    public RegistryClient(String registry) {
        this.registry = registry.toLowerCase(Locale.ROOT);
    }

    public String address() {
        return registry;
    }

    /** Current admins, in the contract's order. */
    public List<String> admins(ChainView view) throws ChainException {
        return addrs(call(view, RegistryAbi.admins()).get(0));
    }

    /** Approvals needed (M). */
    public int threshold(ChainView view) throws ChainException {
        return (int) num(call(view, RegistryAbi.threshold()).get(0));
    }

    /** Seconds a proposal stays open. */
    public long proposalLifetime(ChainView view) throws ChainException {
        return num(call(view, RegistryAbi.proposalLifetime()).get(0));
    }

    public boolean isPublisher(ChainView view, String address) throws ChainException {
        return ((Bool) call(view, RegistryAbi.isPublisher(address)).get(0)).getValue();
    }

    public boolean isAdmin(ChainView view, String address) throws ChainException {
        return ((Bool) call(view, RegistryAbi.isAdmin(address)).get(0)).getValue();
    }

    public Page<String> publishers(ChainView view, long offset, int limit) throws ChainException {
        List<Type> r = call(view, RegistryAbi.publishers(offset, limit));
        return new Page<>(addrs(r.get(0)), offset, num(r.get(1)));
    }

    /** Every publisher (pages through {@link #publishers(ChainView, long, int)}). */
    public List<String> allPublishers(ChainView view) throws ChainException {
        return Page.collect((offset, limit) -> publishers(view, offset, limit), 500, "registry publishers");
    }

    /** Package names in the order of their first release. */
    public Page<String> names(ChainView view, long offset, int limit) throws ChainException {
        List<Type> r = call(view, RegistryAbi.names(offset, limit));
        @SuppressWarnings("unchecked")
        List<String> names = ((DynamicArray<Utf8String>) r.get(0)).getValue().stream().map(Utf8String::getValue)
                .toList();
        return new Page<>(names, offset, num(r.get(1)));
    }

    /** Maintainers of {@code name}; empty when the name was never published. */
    public List<String> maintainers(ChainView view, String name) throws ChainException {
        return addrs(call(view, RegistryAbi.maintainers(name)).get(0));
    }

    public long releaseCount(ChainView view, String name) throws ChainException {
        return num(call(view, RegistryAbi.releaseCount(name)).get(0));
    }

    /** {@code name@version}, or empty when it was never published. */
    public Optional<ReleaseRecord> release(ChainView view, String name, String version) throws ChainException {
        List<Type> r = call(view, RegistryAbi.release(name, version));
        if (!((Bool) r.get(0)).getValue()) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseRecord(name, version, ((DynamicBytes) r.get(1)).getValue(), addr(r.get(2)),
                num(r.get(3)), ((Bool) r.get(4)).getValue()));
    }

    /** The most recently published release of {@code name} that is not yanked, or empty. */
    public Optional<ReleaseRecord> latestRelease(ChainView view, String name) throws ChainException {
        List<Type> r = call(view, RegistryAbi.latestRelease(name));
        if (!((Bool) r.get(0)).getValue()) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseRecord(name, ((Utf8String) r.get(1)).getValue(),
                ((DynamicBytes) r.get(2)).getValue(), addr(r.get(3)), num(r.get(4)), false));
    }

    /** Releases of {@code name} in publication order. */
    @SuppressWarnings("unchecked")
    public Page<ReleaseRecord> releases(ChainView view, String name, long offset, int limit) throws ChainException {
        List<Type> r = call(view, RegistryAbi.releases(name, offset, limit));
        List<Utf8String> versions = ((DynamicArray<Utf8String>) r.get(0)).getValue();
        List<DynamicBytes> cids = ((DynamicArray<DynamicBytes>) r.get(1)).getValue();
        List<String> publishers = addrs(r.get(2));
        List<Type> blocks = ((DynamicArray<Type>) r.get(3)).getValue();
        List<Bool> yanked = ((DynamicArray<Bool>) r.get(4)).getValue();
        List<ReleaseRecord> out = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            out.add(new ReleaseRecord(name, versions.get(i).getValue(), cids.get(i).getValue(), publishers.get(i),
                    num(blocks.get(i)), yanked.get(i).getValue()));
        }
        return new Page<>(out, offset, num(r.get(5)));
    }

    public long proposalCount(ChainView view) throws ChainException {
        return num(call(view, RegistryAbi.proposalCount()).get(0));
    }

    /** Proposal {@code id}; a {@link ChainException} (the contract's revert) when it does not exist. */
    public Proposal proposal(ChainView view, long id) throws ChainException {
        List<Type> r = call(view, RegistryAbi.proposal(id));
        return new Proposal(id, ProposalKind.of((int) num(r.get(0))), ProposalStatus.of((int) num(r.get(1))),
                addr(r.get(2)), (BigInteger) r.get(3).getValue(), ((Utf8String) r.get(4)).getValue(),
                addrs(r.get(5)), addr(r.get(6)), num(r.get(7)), num(r.get(8)), addrs(r.get(9)));
    }

    /** Every open proposal (neither executed nor expired as of the view's block), with its approvals. */
    public List<Proposal> openProposals(ChainView view) throws ChainException {
        List<Proposal> out = new ArrayList<>();
        long offset = 0;
        long count = proposalCount(view);
        while (offset < count) {
            List<Type> r = call(view, RegistryAbi.openProposals(offset, 200));
            @SuppressWarnings("unchecked")
            List<Type> ids = ((DynamicArray<Type>) r.get(0)).getValue();
            for (Type id : ids) {
                out.add(proposal(view, num(id)));
            }
            long next = num(r.get(1));
            if (next <= offset) {
                break;
            }
            offset = next;
        }
        return out;
    }

    private List<Type> call(ChainView view, Function f) throws ChainException {
        byte[] result = view.call(registry, RegistryAbi.encodeBytes(f));
        if (result.length == 0) {
            throw new RegistryException("registry " + registry + " returned nothing for " + f.getName()
                    + " at block " + view.block().number() + " (is there a registry at this address?)");
        }
        try {
            List<Type> decoded = FunctionReturnDecoder.decode(Numeric.toHexString(result), f.getOutputParameters());
            if (decoded.size() != f.getOutputParameters().size()) {
                throw new RegistryException("registry " + registry + " answered " + f.getName() + " with "
                        + result.length + " bytes that do not decode");
            }
            return decoded;
        } catch (RuntimeException e) {
            throw new RegistryException("registry " + registry + " answered " + f.getName()
                    + " with malformed data at block " + view.block().number() + ": " + e.getMessage(), e);
        }
    }

    private static long num(Type t) {
        return ((BigInteger) t.getValue()).longValueExact();
    }

    private static String addr(Type t) {
        return ((Address) t).getValue().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static List<String> addrs(Type t) {
        return ((DynamicArray<Address>) t).getValue().stream().map(a -> a.getValue().toLowerCase(Locale.ROOT))
                .toList();
    }
}
