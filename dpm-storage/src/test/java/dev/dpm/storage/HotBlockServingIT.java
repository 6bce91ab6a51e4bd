package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import dev.dpm.content.FileBlockstore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on a {@link FileBlockstore} serves a block requested repeatedly from its in-memory cache
 * after the first requests: same bytes, same headers, conditional requests still 304, and a
 * deleted block is 404 at once (the cache never outlives the block).
 */
class HotBlockServingIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {100_000, 700_000})
    void repeatedRequestsServeIdenticalResponsesAndDeletionIsSeen(int size) throws Exception {
        FileBlockstore store = FileBlockstore.open(dir);
        byte[] block = new byte[size];
        new Random(5).nextBytes(block);
        Cid cid = Cid.raw(block);
        store.put(cid, block);
        try (StorageNode node = StorageNode.builder(store).build().start();
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI uri = URI.create(node.url() + "/ipfs/" + cid + "?format=raw");
            HttpResponse<byte[]> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(block);
            for (int i = 0; i < 4; i++) { // the second request admits it to the cache; later ones hit it
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(cid.matches(r.body())).isTrue();
                assertThat(headers(r)).isEqualTo(headers(first));
            }
            HttpResponse<byte[]> conditional = http.send(HttpRequest.newBuilder(uri)
                    .header("If-None-Match", "\"" + cid + ".raw\"").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(conditional.statusCode()).isEqualTo(304);
            assertThat(conditional.body()).isEmpty();

            assertThat(store.delete(cid)).isTrue();
            assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .statusCode()).isEqualTo(404);
            store.put(cid, block);
            HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(block);
        }
    }

    private static Map<String, String> headers(HttpResponse<?> r) {
        Map<String, String> out = new TreeMap<>();
        r.headers().map().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("date")) {
                out.put(k.toLowerCase(), String.join(",", v));
            }
        });
        return out;
    }
}
