package dev.dpm.core.scenario;

import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.install.Installer;
import dev.dpm.core.install.Transaction;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.PackageManagerListener;
import dev.dpm.core.pm.PlanApproval;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.Peer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A second dpm process for the scenarios that need one:
 * <ul>
 *   <li>{@code hold ROOT MARKER}: takes the root's lock, writes its pid to MARKER, sleeps until killed;</li>
 *   <li>{@code crash ROOT REPO RPC REGISTRY PEER SPEC}: installs SPEC and dies like {@code kill -9}
 *       ({@link Runtime#halt}) halfway through moving files into place.</li>
 * </ul>
 */
public final class ScenarioChild {
    private ScenarioChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (Transaction tx = Installer.begin(root)) {
                Files.writeString(Path.of(args[2]), Long.toString(ProcessHandle.current().pid()));
                Thread.sleep(600_000);
            }
            return;
        }
        Repo repo = Repo.open(Path.of(args[2]));
        try (PackageManager pm = PackageManager.builder(root).repo(repo)
                .chain(ScenarioChain.CHAIN_ID, store -> VerifiedChainReader.builder().endpoint(URI.create(args[3]))
                        .chainId(ScenarioChain.CHAIN_ID).highestSeenStore(store).build())
                .registry(args[4]).fetcher(HttpDagFetcher.builder().peers(List.of(Peer.parse(args[5]))).build())
                .listener(new PackageManagerListener() {
                    @Override
                    public void operationApplied(String path, int done, int total) {
                        if (done >= Math.max(1, total / 2)) {
                            Runtime.getRuntime().halt(137);
                        }
                    }
                }).build()) {
            pm.install(List.of(args[6]), PlanApproval.ALWAYS);
        }
        System.exit(3); // not reached: the install must have halted
    }

    /** Starts this class in a fresh JVM with the test's class path. */
    static Process start(Path log, String... args) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ScenarioChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
