package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.RegistryEvent;
import dev.dpm.chain.registry.RegistryEvents;
import dev.dpm.chain.rpc.BlockRef;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.cli.PackageNames;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpm audit NAME}: the whole on-chain history of a package, from the registry's events: who
 * published what, yanks (its own and publisher-wide ones that hit it), maintainer changes, hand-overs,
 * each with its block number, the block's time (UTC, from its verified header) and transaction hash.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Show the on-chain history of a package.")
public final class AuditCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        PackageNames.check(name);
        DpmConfig c = ChainCommands.chainConfig(ctx);
        try (VerifiedChainReader reader = ChainCommands.reader(ctx.home(), c)) {
            ChainView v = reader.pin();
            List<RegistryEvent> all = new RegistryEvents(c.registry()).events(v, c.registryFromBlockOrZero());
            Map<Long, BlockRef> blocks = new HashMap<>();
            Set<String> publishers = new HashSet<>();
            Set<String> maintainers = new HashSet<>();
            PrintWriter out = spec.commandLine().getOut();
            int shown = 0;
            for (RegistryEvent e : all) {
                String line = describe(e, publishers, maintainers);
                if (line != null) {
                    BlockRef b = blocks.get(e.blockNumber());
                    if (b == null) {
                        b = v.blockAt(e.blockNumber());
                        blocks.put(e.blockNumber(), b);
                    }
                    out.printf("block %-8d %s  %s  %s%n", e.blockNumber(), time(b.timestamp()), e.transactionHash(),
                            line);
                    shown++;
                }
            }
            if (shown == 0) {
                spec.commandLine().getErr().println("dpm: package " + name + " has no history in registry "
                        + c.registry() + " (as of block " + v.block().number() + ")");
                return ExitCodes.INVALID_INPUT;
            }
            out.println("(" + shown + " events, as of block " + v.block().number() + " " + v.block().hash() + ")");
            return ExitCodes.OK;
        } catch (ChainException e) {
            throw ChainCommands.error(e);
        }
    }

    /** A block timestamp as an ISO-8601 UTC instant to the second, e.g. {@code 2026-11-25T21:08:53Z}. */
    static String time(long epochSeconds) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSeconds));
    }

    /**
     * One line for an event that concerns the package, else null; keeps {@code publishers} (who published
     * it) and {@code maintainers} (its current maintainers) up to date.
     */
    private String describe(RegistryEvent e, Set<String> publishers, Set<String> maintainers) {
        if (e instanceof RegistryEvent.PublisherYanked y && publishers.contains(y.publisher())) {
            return "every release of " + y.publisher() + " up to block " + y.upToBlock() + " yanked by the quorum "
                    + "(proposal " + y.proposalId() + ")";
        }
        if (e instanceof RegistryEvent.PublisherRemoved r && maintainers.remove(r.publisher())) {
            // the contract ends every maintainership of a removed publisher without a per-package event
            return "maintainer " + r.publisher() + " removed as publisher by the quorum (proposal " + r.proposalId()
                    + "): no longer a maintainer";
        }
        switch (e) {
            case RegistryEvent.MaintainerAdded m when name.equals(m.name()) -> maintainers.add(m.maintainer());
            case RegistryEvent.MaintainerRemoved m when name.equals(m.name()) -> maintainers.remove(m.maintainer());
            case RegistryEvent.PackageHandedOver h when name.equals(h.name()) -> {
                maintainers.clear();
                maintainers.addAll(h.maintainers());
            }
            default -> { }
        }
        if (!name.equals(e.packageName())) {
            return null;
        }
        return switch (e) {
            case RegistryEvent.ReleasePublished p -> {
                publishers.add(p.publisher());
                yield "published " + p.name() + "@" + p.version() + " manifest " + ManifestCid.toText(p.manifestCid())
                        + " by " + p.publisher();
            }
            case RegistryEvent.ReleaseYanked y -> "yanked " + y.name() + "@" + y.version() + " by " + y.by();
            case RegistryEvent.MaintainerAdded m -> m.maintainer().equals(m.by())
                    ? "maintainer " + m.maintainer() + " (first publisher)"
                    : "maintainer " + m.maintainer() + " added by " + m.by();
            case RegistryEvent.MaintainerRemoved m -> "maintainer " + m.maintainer() + " removed by " + m.by();
            case RegistryEvent.PackageHandedOver h -> "handed over to " + String.join(", ", h.maintainers())
                    + " by the quorum (proposal " + h.proposalId() + ")";
            case RegistryEvent.ProposalCreated p -> "proposal " + p.id() + " to hand over to "
                    + String.join(", ", p.maintainers()) + " by admin " + p.proposer();
            default -> null;
        };
    }
}
