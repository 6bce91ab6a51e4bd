package dev.dpm.chain.registry;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * The registry's ABI, written by hand against {@code contracts/Registry.sol} with web3j's encoder types
 * (no code generation step). {@code RegistryAbiTest} checks every signature here against the ABI in the
 * bundled build output, so a contract change that is not mirrored here fails the build.
 */
final class RegistryAbi {
    private RegistryAbi() {
    }

    // ---- writes -----------------------------------------------------------------------------------

    static Function publish(String name, String version, byte[] cid, byte[] manifest) {
        return fn("publish", List.of(new Utf8String(name), new Utf8String(version), new DynamicBytes(cid),
                new DynamicBytes(manifest)));
    }

    static Function publishBatch(List<String> names, List<String> versions, List<byte[]> cids, List<byte[]> manifests) {
        return fn("publishBatch", List.of(
                new DynamicArray<>(Utf8String.class, names.stream().map(Utf8String::new).toList()),
                new DynamicArray<>(Utf8String.class, versions.stream().map(Utf8String::new).toList()),
                new DynamicArray<>(DynamicBytes.class, cids.stream().map(DynamicBytes::new).toList()),
                new DynamicArray<>(DynamicBytes.class, manifests.stream().map(DynamicBytes::new).toList())));
    }

    static Function yank(String name, String version) {
        return fn("yank", List.of(new Utf8String(name), new Utf8String(version)));
    }

    static Function addMaintainer(String name, String maintainer) {
        return fn("addMaintainer", List.of(new Utf8String(name), new Address(maintainer)));
    }

    static Function removeMaintainer(String name, String maintainer) {
        return fn("removeMaintainer", List.of(new Utf8String(name), new Address(maintainer)));
    }

    static Function propose(ProposalKind kind, String target, BigInteger value, String name, List<String> maintainers) {
        return fn("propose", List.of(new Uint8(kind.code()), new Address(target), new Uint256(value),
                new Utf8String(name), addresses(maintainers)));
    }

    static Function checkProposal(ProposalKind kind, String target, BigInteger value, String name,
            List<String> maintainers) {
        return fn("checkProposal", List.of(new Uint8(kind.code()), new Address(target), new Uint256(value),
                new Utf8String(name), addresses(maintainers)));
    }

    static Function approve(long id) {
        return fn("approve", List.of(new Uint256(id)));
    }

    static Function revoke(long id) {
        return fn("revoke", List.of(new Uint256(id)));
    }

    static Function execute(long id) {
        return fn("execute", List.of(new Uint256(id)));
    }

    /** Constructor arguments, ABI-encoded (to append to the creation bytecode). */
    static String constructorArgs(List<String> admins, int threshold, long proposalLifetimeSeconds,
            List<String> publishers) {
        return FunctionEncoder.encodeConstructor(List.of(addresses(admins), new Uint256(threshold),
                new Uint256(proposalLifetimeSeconds), addresses(publishers)));
    }

    // ---- reads ------------------------------------------------------------------------------------

    static Function admins() {
        return fn("admins", List.of(), new TypeReference<DynamicArray<Address>>() { });
    }

    static Function threshold() {
        return fn("threshold", List.of(), new TypeReference<Uint256>() { });
    }

    static Function proposalLifetime() {
        return fn("proposalLifetime", List.of(), new TypeReference<Uint256>() { });
    }

    static Function isPublisher(String a) {
        return fn("isPublisher", List.of(new Address(a)), new TypeReference<Bool>() { });
    }

    static Function isAdmin(String a) {
        return fn("isAdmin", List.of(new Address(a)), new TypeReference<Bool>() { });
    }

    static Function publishers(long offset, long limit) {
        return fn("publishers", List.of(new Uint256(offset), new Uint256(limit)),
                new TypeReference<DynamicArray<Address>>() { }, new TypeReference<Uint256>() { });
    }

    static Function names(long offset, long limit) {
        return fn("names", List.of(new Uint256(offset), new Uint256(limit)),
                new TypeReference<DynamicArray<Utf8String>>() { }, new TypeReference<Uint256>() { });
    }

    static Function maintainers(String name) {
        return fn("maintainers", List.of(new Utf8String(name)), new TypeReference<DynamicArray<Address>>() { });
    }

    static Function releaseCount(String name) {
        return fn("releaseCount", List.of(new Utf8String(name)), new TypeReference<Uint256>() { });
    }

    static Function release(String name, String version) {
        return fn("release", List.of(new Utf8String(name), new Utf8String(version)),
                new TypeReference<Bool>() { }, new TypeReference<DynamicBytes>() { },
                new TypeReference<Address>() { }, new TypeReference<Uint64>() { }, new TypeReference<Bool>() { });
    }

    static Function latestRelease(String name) {
        return fn("latestRelease", List.of(new Utf8String(name)),
                new TypeReference<Bool>() { }, new TypeReference<Utf8String>() { },
                new TypeReference<DynamicBytes>() { }, new TypeReference<Address>() { },
                new TypeReference<Uint64>() { });
    }

    static Function releases(String name, long offset, long limit) {
        return fn("releases", List.of(new Utf8String(name), new Uint256(offset), new Uint256(limit)),
                new TypeReference<DynamicArray<Utf8String>>() { },
                new TypeReference<DynamicArray<DynamicBytes>>() { },
                new TypeReference<DynamicArray<Address>>() { },
                new TypeReference<DynamicArray<Uint64>>() { },
                new TypeReference<DynamicArray<Bool>>() { },
                new TypeReference<Uint256>() { });
    }

    static Function proposalCount() {
        return fn("proposalCount", List.of(), new TypeReference<Uint256>() { });
    }

    static Function proposal(long id) {
        return fn("proposal", List.of(new Uint256(id)),
                new TypeReference<Uint8>() { }, new TypeReference<Uint8>() { },
                new TypeReference<Address>() { }, new TypeReference<Uint256>() { },
                new TypeReference<Utf8String>() { }, new TypeReference<DynamicArray<Address>>() { },
                new TypeReference<Address>() { }, new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { },
                new TypeReference<DynamicArray<Address>>() { });
    }

    static Function openProposals(long offset, long limit) {
        return fn("openProposals", List.of(new Uint256(offset), new Uint256(limit)),
                new TypeReference<DynamicArray<Uint256>>() { }, new TypeReference<Uint256>() { });
    }

    // ---- events -----------------------------------------------------------------------------------

    static final Event ADMIN_ADDED = event("AdminAdded", indexedAddress(), uint256());
    static final Event ADMIN_REMOVED = event("AdminRemoved", indexedAddress(), uint256());
    static final Event THRESHOLD_CHANGED = event("ThresholdChanged", uint256(), uint256(), uint256());
    static final Event PUBLISHER_ADDED = event("PublisherAdded", indexedAddress(), uint256());
    static final Event PUBLISHER_REMOVED = event("PublisherRemoved", indexedAddress(), uint256());
    static final Event PUBLISHER_YANKED = event("PublisherYanked", indexedAddress(), uint256(), uint256());
    static final Event MAINTAINER_ADDED = event("MaintainerAdded", string(), indexedAddress(), indexedAddress());
    static final Event MAINTAINER_REMOVED = event("MaintainerRemoved", string(), indexedAddress(), indexedAddress());
    static final Event PACKAGE_HANDED_OVER = event("PackageHandedOver", string(), addressArray(), uint256());
    static final Event RELEASE_PUBLISHED = event("ReleasePublished", string(), string(), bytes(), bytes(),
            indexedAddress());
    static final Event RELEASE_YANKED = event("ReleaseYanked", string(), string(), indexedAddress());
    static final Event PROPOSAL_CREATED = event("ProposalCreated", indexedUint256(), new TypeReference<Uint8>() { },
            new TypeReference<Address>() { }, uint256(), string(), addressArray(), indexedAddress(),
            new TypeReference<Uint64>() { });
    static final Event PROPOSAL_APPROVED = event("ProposalApproved", indexedUint256(), indexedAddress(), uint256());
    static final Event APPROVAL_WITHDRAWN = event("ApprovalWithdrawn", indexedUint256(), indexedAddress(), uint256());
    static final Event PROPOSAL_EXECUTED = event("ProposalExecuted", indexedUint256());

    static final List<Event> EVENTS = List.of(ADMIN_ADDED, ADMIN_REMOVED, THRESHOLD_CHANGED, PUBLISHER_ADDED,
            PUBLISHER_REMOVED, PUBLISHER_YANKED, MAINTAINER_ADDED, MAINTAINER_REMOVED, PACKAGE_HANDED_OVER,
            RELEASE_PUBLISHED, RELEASE_YANKED, PROPOSAL_CREATED, PROPOSAL_APPROVED, APPROVAL_WITHDRAWN,
            PROPOSAL_EXECUTED);

    static String topic0(Event e) {
        return EventEncoder.encode(e);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static String encode(Function f) {
        return FunctionEncoder.encode(f);
    }

    static byte[] encodeBytes(Function f) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(f));
    }

    private static DynamicArray<Address> addresses(List<String> as) {
        return new DynamicArray<>(Address.class, as.stream().map(Address::new).toList());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Function fn(String name, List<? extends Type> in, TypeReference<?>... out) {
        return new Function(name, (List<Type>) (List) in, (List) Arrays.asList(out));
    }

    private static Function fn(String name, List<? extends Type> in) {
        return fn(name, in, new TypeReference<?>[0]);
    }

    private static Event event(String name, TypeReference<?>... params) {
        return new Event(name, Collections.unmodifiableList(Arrays.asList(params)));
    }

    private static TypeReference<Address> indexedAddress() {
        return new TypeReference<Address>(true) { };
    }

    private static TypeReference<Uint256> indexedUint256() {
        return new TypeReference<Uint256>(true) { };
    }

    private static TypeReference<Uint256> uint256() {
        return new TypeReference<Uint256>() { };
    }

    private static TypeReference<Utf8String> string() {
        return new TypeReference<Utf8String>() { };
    }

    private static TypeReference<DynamicBytes> bytes() {
        return new TypeReference<DynamicBytes>() { };
    }

    private static TypeReference<DynamicArray<Address>> addressArray() {
        return new TypeReference<DynamicArray<Address>>() { };
    }
}
