package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trustless Gateway conformance over real HTTP: status codes, headers, HEAD, CAR scopes. CARs the
 * node writes are checked with the npm reference tool {@code ipfs-car} (blocks listed, file unpacked
 * and verified), and the served DAG itself comes from {@code ipfs-car pack}.
 */
class GatewayConformanceIT {
    static final String RAW = "application/vnd.ipld.raw";
    static final String CAR = "application/vnd.ipld.car";
    @TempDir
    static Path tmp;
    static MemoryBlockstore store;
    static StorageNode node;
    static HttpClient http;
    static TestDag dag;
    static Cid npmRoot;
    static byte[] npmFile;
    static Cid dirRoot;

    static Path ipfsCar() {
        return Path.of(System.getProperty("dpm.repo.root", "."), "node_modules", ".bin", "ipfs-car");
    }

    static String run(String... cmd) throws Exception {
        // Output to a file, not a pipe: reading a pipe until its end waits for ever on a hung
        // child (and is not interruptible), while waitFor is bounded.
        Path log = Files.createTempFile(tmp, "run", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(exited).as("%s exits within 60 s: %s", String.join(" ", cmd), out).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd), out).isZero();
        return out;
    }

    @BeforeAll
    static void start() throws Exception {
        store = new MemoryBlockstore();
        dag = TestDag.file(store, 5, 1000, 7);
        // The reference packer builds a 3,000,000-byte file DAG (and a directory) dpm must serve unchanged.
        npmFile = TestDag.pattern(3_000_000, 0);
        Path f = tmp.resolve("file.bin");
        Files.write(f, npmFile);
        run(ipfsCar().toString(), "pack", f.toString(), "--no-wrap", "--output", tmp.resolve("file.car").toString());
        npmRoot = load(tmp.resolve("file.car"));
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.write(dir.resolve("a.txt"), "hello\n".getBytes());
        Files.write(dir.resolve("b.bin"), TestDag.pattern(2_500_000, 3));
        run(ipfsCar().toString(), "pack", dir.toString(), "--no-wrap", "--output", tmp.resolve("dir.car").toString());
        dirRoot = load(tmp.resolve("dir.car"));
        node = StorageNode.builder(store).limits(NodeLimits.defaults()).build().start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    static Cid load(Path car) throws Exception {
        String roots = run(ipfsCar().toString(), "roots", car.toString()).trim();
        try (var in = Files.newInputStream(car)) {
            for (TestDag.Section s : TestDag.readCar(in)) {
                store.put(s.cid(), s.data());
            }
        }
        return Cid.parse(roots.lines().findFirst().orElseThrow().trim());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (http != null) {
            http.close();
        }
    }

    static HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return send("GET", path, accept);
    }

    static HttpResponse<byte[]> send(String method, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void npmReferenceRootIsTheKnownVector() {
        // IPFS-FACTS vector for 3,000,000 bytes of (i*31) mod 256 under unixfs-v1-2025.
        assertThat(npmRoot.toString()).isEqualTo("bafybeifyj7jvv2fgbntcqtpos32ryqffedicpbt6rj3yhz5porm72etdie");
    }

    @Test
    void rawBlockHasExactBytesAndSpecHeaders() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + dag.root + "?format=raw", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(dag.rootBlock);
        assertThat(dag.root.matches(r.body())).isTrue();
        var h = r.headers();
        assertThat(h.firstValue("Content-Type")).hasValue(RAW);
        assertThat(h.firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + dag.root + ".bin\"");
        assertThat(h.firstValue("Etag")).hasValue("\"" + dag.root + ".raw\"");
        assertThat(h.firstValue("Cache-Control")).hasValue("public, max-age=29030400, immutable");
        assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(h.firstValueAsLong("Content-Length")).hasValue(dag.rootBlock.length);
    }

    @Test
    void acceptHeaderAloneSelectsRaw() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + dag.leaves.get(2), "application/vnd.ipld.raw");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(dag.leaves.get(2).matches(r.body())).isTrue();
    }

    @Test
    void formatParameterTakesPrecedenceOverAccept() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + dag.root + "?format=raw", CAR);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(RAW);
    }

    @Test
    void headAnswersWithoutBody() throws Exception {
        HttpResponse<byte[]> r = send("HEAD", "/ipfs/" + dag.root + "?format=raw", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(dag.rootBlock.length);
        assertThat(r.headers().firstValue("Etag")).hasValue("\"" + dag.root + ".raw\"");
    }

    @Test
    void absentBlockIs404ForGetHeadAndCar() throws Exception {
        Cid absent = Cid.raw("not stored".getBytes());
        assertThat(get("/ipfs/" + absent + "?format=raw", null).statusCode()).isEqualTo(404);
        assertThat(send("HEAD", "/ipfs/" + absent + "?format=raw", null).statusCode()).isEqualTo(404);
        assertThat(get("/ipfs/" + absent + "?format=car", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badCidsAndParametersAre400() throws Exception {
        assertThat(get("/ipfs/not-a-cid?format=raw", null).statusCode()).isEqualTo(400);
        assertThat(get("/ipfs/bafyQQQ?format=raw", null).statusCode()).isEqualTo(400);
        assertThat(get("/ipfs/" + dag.root + "?format=tar", null).statusCode()).isEqualTo(400);
        assertThat(get("/ipfs/" + dag.root, null).statusCode()).as("no verifiable type asked").isEqualTo(400);
        assertThat(get("/ipfs/" + dag.root + "?format=car&dag-scope=most", null).statusCode()).isEqualTo(400);
        assertThat(get("/ipfs/" + dag.root + "?format=car&entity-bytes=abc", null).statusCode()).isEqualTo(400);
        assertThat(get("/ipfs/" + dag.root + "/sub?format=raw", null).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> r = get("/ipfs/not-a-cid?format=raw", null);
        assertThat(new String(r.body())).contains("not-a-cid");
    }

    @Test
    void unsupportedCarVariantsAre406() throws Exception {
        assertThat(get("/ipfs/" + dag.root, CAR + "; version=2").statusCode()).isEqualTo(406);
        assertThat(get("/ipfs/" + dag.root, CAR + "; version=1; order=bfs").statusCode()).isEqualTo(406);
        assertThat(get("/ipfs/" + dag.root + "?format=car&car-dups=maybe", null).statusCode()).isEqualTo(406);
        // A supported alternative later in the list is honoured.
        assertThat(get("/ipfs/" + dag.root, CAR + ";order=foo, " + CAR + ";order=dfs;dups=y;q=0.5").statusCode())
                .isEqualTo(200);
    }

    @Test
    void identityProbe() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/bafkqaaa?format=raw", RAW);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(send("HEAD", "/ipfs/bafkqaaa?format=raw", RAW).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> car = get("/ipfs/bafkqaaa?format=car", CAR);
        assertThat(car.statusCode()).isEqualTo(200);
        Path f = tmp.resolve("probe.car");
        Files.write(f, car.body());
        assertThat(run(ipfsCar().toString(), "roots", f.toString()).trim()).isEqualTo("bafkqaaa");
        assertThat(TestDag.readCar(new ByteArrayInputStream(car.body()))).isEmpty();
    }

    @Test
    void carScopeAllIsTheWholeDagInDfsOrderAndUnpacksWithTheReferenceTool() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + npmRoot + "?format=car", CAR);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(CAR + "; version=1; order=dfs; dups=n");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + npmRoot + ".car\"");
        assertThat(r.headers().firstValue("Etag")).isPresent();
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=29030400, immutable");
        Path car = tmp.resolve("all.car");
        Files.write(car, r.body());
        List<String> blocks = run(ipfsCar().toString(), "blocks", car.toString()).lines().map(String::trim).toList();
        List<String> expected = new ArrayList<>();
        expected.add(npmRoot.toString());
        dev.dpm.content.DagWalker.walk(store, npmRoot, (c, b) -> {
            if (!c.equals(npmRoot)) {
                expected.add(c.toString());
            }
        });
        assertThat(blocks).containsExactlyElementsOf(expected);
        Path out = tmp.resolve("unpacked.bin");
        run(ipfsCar().toString(), "unpack", car.toString(), "--verify", "--output", out.toString());
        assertThat(Files.readAllBytes(out)).isEqualTo(npmFile);
    }

    @Test
    void carScopeBlockIsOnlyTheRoot() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + npmRoot + "?format=car&dag-scope=block", CAR);
        List<TestDag.Section> s = TestDag.readCar(new ByteArrayInputStream(r.body()));
        assertThat(s).extracting(TestDag.Section::cid).containsExactly(npmRoot);
    }

    @Test
    void carScopeEntityIsTheWholeFileButOnlyTheDirectoryNode() throws Exception {
        List<TestDag.Section> file = TestDag.readCar(new ByteArrayInputStream(
                get("/ipfs/" + npmRoot + "?format=car&dag-scope=entity", CAR).body()));
        // root + three leaves, of which the first two are the same block (the pattern repeats every
        // 256 bytes): dups=n sends it once, dups=y twice.
        assertThat(file).hasSize(3);
        List<TestDag.Section> withDups = TestDag.readCar(new ByteArrayInputStream(
                get("/ipfs/" + npmRoot + "?format=car&dag-scope=entity&car-dups=y", CAR).body()));
        assertThat(withDups).hasSize(4);
        List<TestDag.Section> dir = TestDag.readCar(new ByteArrayInputStream(
                get("/ipfs/" + dirRoot + "?format=car&dag-scope=entity", CAR).body()));
        assertThat(dir).extracting(TestDag.Section::cid).containsExactly(dirRoot);
        List<TestDag.Section> all = TestDag.readCar(new ByteArrayInputStream(
                get("/ipfs/" + dirRoot + "?format=car&dag-scope=all", CAR).body()));
        assertThat(all.size()).isGreaterThan(3);
        for (TestDag.Section sec : all) {
            assertThat(sec.cid().matches(sec.data())).isTrue();
        }
    }

    @Test
    void etagRevalidationGives304() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(node.url() + "/ipfs/" + dag.root + "?format=raw"))
                .header("If-None-Match", "\"" + dag.root + ".raw\"").build();
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(304);
    }

    @Test
    void otherMethodsAre405() throws Exception {
        assertThat(send("POST", "/ipfs/" + dag.root + "?format=raw", null).statusCode()).isEqualTo(405);
    }

    @Test
    void routingNamesThisNodeForHeldBlocksOnly() throws Exception {
        HttpResponse<byte[]> r = get("/routing/v1/providers/" + dag.root, "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        var p = json.path("Providers").get(0);
        assertThat(p.path("Schema").asText()).isEqualTo("peer");
        assertThat(p.path("ID").asText()).startsWith("12D3KooW").isEqualTo(node.peerId());
        assertThat(p.path("Addrs").get(0).asText()).isEqualTo("/ip4/127.0.0.1/tcp/" + node.port() + "/http");
        assertThat(p.path("Protocols").get(0).asText()).isEqualTo("transport-ipfs-gateway-http");
        HttpResponse<byte[]> nd = get("/routing/v1/providers/" + dag.root, "application/x-ndjson");
        assertThat(nd.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(new String(nd.body()).lines().toList()).hasSize(1);
        assertThat(get("/routing/v1/providers/" + Cid.raw("absent".getBytes()), null).statusCode()).isEqualTo(404);
        assertThat(get("/routing/v1/providers/xyz", null).statusCode()).isEqualTo(400);
    }

    @Test
    void rateLimitedClientGets429WithRetryAfter() throws Exception {
        try (StorageNode limited = StorageNode.builder(store)
                .limits(NodeLimits.defaults().withRequestRate(0.5, 2)).build().start()) {
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<byte[]> last = null;
            for (int i = 0; i < 4; i++) {
                last = http.send(HttpRequest.newBuilder(URI.create(limited.url() + "/ipfs/bafkqaaa?format=raw")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                statuses.add(last.statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 429, 429);
            assertThat(last.headers().firstValueAsLong("Retry-After").orElse(-1)).isBetween(1L, 2L);
        }
    }

    @Test
    void peerExchangeListsKnownPeersAndTeachesThem() throws Exception {
        PeerSet set = new PeerSet();
        try (StorageNode a = StorageNode.builder(new MemoryBlockstore()).build().start();
             StorageNode b = StorageNode.builder(new MemoryBlockstore()).peers(set).build().start()) {
            a.peers().addConfigured(Peer.parse("http://198.51.100.7:8480"));
            set.addConfigured(a.peer());
            assertThat(b.exchangePeers()).isEqualTo(1);
            assertThat(new PeerExchange(http, java.time.Duration.ofSeconds(5)).peersOf(
                    Peer.parse(b.url() + "/not-a-dpm-node"))).as("a plain gateway answers 404").isEmpty();
            assertThat(set.all()).containsExactly(a.peer(), Peer.parse("http://198.51.100.7:8480"));
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(b.url() + "/dpm/v1/peers")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(new String(r.body())).contains(a.url().toString()).contains("\"self\":\"" + b.url() + "\"");
        }
    }
}
