package dev.dpm.storage.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpm.content.Blockstore;
import dev.dpm.content.BlockstoreException;
import dev.dpm.content.Cid;
import dev.dpm.content.FileBlockstore;
import dev.dpm.content.InvalidBlockException;
import dev.dpm.content.InvalidCidException;
import dev.dpm.content.dagpb.DagPb;
import dev.dpm.content.dagpb.PbLink;
import dev.dpm.content.dagpb.PbNode;
import dev.dpm.storage.NodeLimits;
import dev.dpm.storage.Peer;
import dev.dpm.storage.PeerSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The node's HTTP surface, on Jetty's core handler API (no servlets): the Trustless Gateway
 * ({@code /ipfs/{cid}}, raw blocks and CAR), Delegated Routing V1 providers, and dpm peer exchange.
 * Per-client request rate is enforced before any work is done; egress can be capped for the whole node.
 */
public final class GatewayHandler extends Handler.Abstract {
    public static final String RAW = "application/vnd.ipld.raw";
    public static final String CAR = "application/vnd.ipld.car";
    public static final String CACHE_IMMUTABLE = "public, max-age=29030400, immutable";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 64 * 1024;
    /**
     * Bytes per egress-throttle reservation: a request arriving behind K throttled writers waits
     * about K slices for its first byte, so slices are small (as the evaluation mirror's 16 KiB).
     */
    static final int THROTTLE_SLICE = 16 * 1024;

    private final Blockstore store;
    private final NodeLimits limits;
    private final ClientRateLimiter limiter;
    private final Throttle throttle;
    private final String peerId;
    private final Supplier<URI> self;
    private final PeerSet peers;
    /** Hot raw blocks; small, since every node of a process (tests, benchmarks) has its own. */
    private final BlockCache cache = new BlockCache(BLOCK_CACHE_BYTES);

    /** Direct memory a node may use for hot blocks. */
    static final long BLOCK_CACHE_BYTES = 32L << 20;

    public GatewayHandler(Blockstore store, NodeLimits limits, String peerId, Supplier<URI> self, PeerSet peers) {
        this.store = store;
        this.limits = limits;
        this.limiter = limits.requestsPerSecond() > 0 ? new ClientRateLimiter(limits.requestsPerSecond(), limits.burst()) : null;
        this.throttle = limits.maxBytesPerSecond() > 0 ? new Throttle(limits.maxBytesPerSecond()) : null;
        this.peerId = peerId;
        this.self = self;
        this.peers = peers;
    }

    private enum Format { RAW, CAR }

    private enum Scope { BLOCK, ENTITY, ALL }

    /** A request the gateway refuses, with its status and a one-line reason. */
    private static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            if (limiter != null) {
                long wait = limiter.acquire(Request.getRemoteAddr(request), System.nanoTime());
                if (wait > 0) {
                    long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
                    throw new Refusal(429, "too many requests from " + Request.getRemoteAddr(request)
                            + "; retry after " + seconds + " s");
                }
            }
            String method = request.getMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                throw new Refusal(405, method + " is not supported; use GET or HEAD");
            }
            String path = Request.getPathInContext(request);
            if (path.startsWith("/ipfs/")) {
                ipfs(request, response, callback, path.substring(6), head);
            } else if (path.startsWith("/routing/v1/providers/")) {
                providers(request, response, callback, path.substring("/routing/v1/providers/".length()), head);
            } else if (path.equals("/dpm/v1/peers")) {
                peerList(response, callback, head);
            } else {
                throw new Refusal(404, "no such endpoint: " + path);
            }
        } catch (Refusal r) {
            error(response, callback, r.status, r.getMessage());
        } catch (BlockstoreException e) {
            error(response, callback, 500, "blockstore failure: " + e.getMessage());
        }
        return true;
    }

    private void ipfs(Request request, Response response, Callback callback, String rest, boolean head)
            throws Refusal, BlockstoreException, IOException {
        int slash = rest.indexOf('/');
        String cidText = slash < 0 ? rest : rest.substring(0, slash);
        String subpath = slash < 0 ? "" : rest.substring(slash);
        if (subpath.equals("/")) {
            subpath = "";
        }
        Cid cid;
        try {
            cid = Cid.parse(cidText);
        } catch (InvalidCidException e) {
            throw new Refusal(400, e.getMessage());
        }
        Fields query = Request.extractQueryParameters(request);
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        CarParams car = null;
        Format format;
        String f = query.getValue("format");
        if (f != null) {
            format = switch (f) {
                case "raw" -> Format.RAW;
                case "car" -> Format.CAR;
                default -> throw new Refusal(400, "format=" + f + " is not served: this is a trustless gateway "
                        + "(format=raw or format=car)");
            };
            if (format == Format.CAR) {
                car = carParams(query, carRangeFrom(accept));
            }
        } else {
            format = null;
            boolean carRefused = false;
            for (MediaRange m : MediaRange.parseAccept(accept)) {
                if (m.q() <= 0) {
                    continue;
                }
                if (m.type().equals(RAW)) {
                    format = Format.RAW;
                    break;
                }
                if (m.type().equals(CAR)) {
                    try {
                        car = carParams(query, m);
                        format = Format.CAR;
                        break;
                    } catch (Refusal r) {
                        carRefused = true;
                    }
                }
            }
            if (format == null) {
                if (carRefused) {
                    car = carParams(query, carRangeFrom(accept)); // throws the 406 with its reason
                }
                throw new Refusal(400, "no verifiable response type requested: send Accept: " + RAW + " or "
                        + CAR + " (or ?format=raw|car); this gateway serves no deserialized content");
            }
        }
        if (format == Format.RAW) {
            if (!subpath.isEmpty()) {
                throw new Refusal(400, "a raw block request takes no path after the CID: " + subpath);
            }
            raw(request, response, callback, cid, head);
        } else {
            if (!subpath.isEmpty()) {
                throw new Refusal(501, "path traversal is not supported by this gateway: request the CID at the "
                        + "end of the path (" + subpath + ")");
            }
            carResponse(request, response, callback, cid, car, head);
        }
    }

    private static MediaRange carRangeFrom(String accept) {
        for (MediaRange m : MediaRange.parseAccept(accept)) {
            if (m.type().equals(CAR)) {
                return m;
            }
        }
        return null;
    }

    private record CarParams(boolean dups, Scope scope, String entityBytes) {
    }

    private static CarParams carParams(Fields query, MediaRange accepted) throws Refusal {
        String version = firstNonNull(query.getValue("car-version"), accepted == null ? null : accepted.params().get("version"), "1");
        String order = firstNonNull(query.getValue("car-order"), accepted == null ? null : accepted.params().get("order"), "dfs");
        String dups = firstNonNull(query.getValue("car-dups"), accepted == null ? null : accepted.params().get("dups"), "n");
        if (!version.equals("1")) {
            throw new Refusal(406, "CAR version " + version + " is not served (version=1 only)");
        }
        if (!order.equals("dfs") && !order.equals("unk")) {
            throw new Refusal(406, "CAR order=" + order + " is not served (order=dfs)");
        }
        if (!dups.equals("n") && !dups.equals("y")) {
            throw new Refusal(406, "CAR dups=" + dups + " is not served (dups=n or dups=y)");
        }
        String scopeText = query.getValue("dag-scope");
        Scope scope = Scope.ALL;
        if (scopeText != null) {
            scope = switch (scopeText) {
                case "block" -> Scope.BLOCK;
                case "entity" -> Scope.ENTITY;
                case "all" -> Scope.ALL;
                default -> throw new Refusal(400, "dag-scope=" + scopeText + " is not one of block, entity, all");
            };
        }
        String bytes = query.getValue("entity-bytes");
        if (bytes != null) {
            if (!bytes.matches("-?\\d+:(\\*|-?\\d+)")) {
                throw new Refusal(400, "entity-bytes=" + bytes + " is not from:to (integers, to may be *)");
            }
            scope = Scope.ENTITY;
        }
        return new CarParams(dups.equals("y"), scope, bytes);
    }

    private static String firstNonNull(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    private static void commonHeaders(Response response, Cid cid, String contentType, String filename, String etag) {
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        h.put(HttpHeader.ETAG, etag);
        h.put(HttpHeader.CACHE_CONTROL, CACHE_IMMUTABLE);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Ipfs-Path", "/ipfs/" + cid);
        h.put("X-Ipfs-Roots", cid.toString());
        h.put(HttpHeader.VARY, "Accept");
    }

    private static boolean notModified(Request request, String etag) {
        String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (inm == null) {
            return false;
        }
        for (String t : inm.split(",")) {
            String v = t.trim();
            if (v.equals("*") || v.equals(etag) || v.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private void raw(Request request, Response response, Callback callback, Cid cid, boolean head)
            throws Refusal, BlockstoreException, IOException {
        String etag = "\"" + cid + ".raw\"";
        if (!head && throttle == null && !cid.isIdentity() && store instanceof FileBlockstore files) {
            rawFromFile(request, response, callback, cid, files, etag);
            return;
        }
        byte[] block = null;
        long size;
        if (head) {
            size = store.size(cid);
        } else {
            Optional<byte[]> b = store.get(cid);
            block = b.orElse(null);
            size = block == null ? -1 : block.length;
        }
        if (size < 0) {
            throw new Refusal(404, "block " + cid + " is not held by this node");
        }
        commonHeaders(response, cid, RAW, cid + ".bin", etag);
        if (notModified(request, etag)) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        if (head) {
            response.write(true, null, callback);
        } else if (throttle == null) {
            response.write(true, ByteBuffer.wrap(block), callback);
        } else {
            try {
                for (int off = 0; off < block.length || off == 0; off += THROTTLE_SLICE) {
                    int n = Math.min(THROTTLE_SLICE, block.length - off);
                    throttle.acquire(n);
                    Content.Sink.write(response, off + n >= block.length, ByteBuffer.wrap(block, off, n));
                    if (block.length == 0) {
                        break;
                    }
                }
                callback.succeeded();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.failed(e);
            } catch (IOException e) {
                callback.failed(e);
            }
        }
    }

    /**
     * Serves a block file of a {@link FileBlockstore}: from the {@link BlockCache} when it is hot
     * (one socket write of a shared read-only direct buffer, headers pre-encoded), else through a
     * pooled direct buffer: one copy from the page cache, none on the heap (what lets one node
     * keep up with many clients).
     */
    private void rawFromFile(Request request, Response response, Callback callback, Cid cid, FileBlockstore files,
                             String etag) throws Refusal, IOException {
        Path file = files.pathOf(cid);
        BlockCache.Entry hot = cache.get(cid.multihash());
        if (hot != null) {
            if (Files.isRegularFile(file)) { // blocks never change; they can only be deleted
                HttpFields.Mutable h = response.getHeaders();
                for (HttpField f : hot.headers()) {
                    h.put(f);
                }
                if (notModified(request, etag)) {
                    response.setStatus(304);
                    callback.succeeded();
                    return;
                }
                ByteBuffer content = hot.content();
                response.setStatus(200);
                h.put(HttpHeader.CONTENT_LENGTH, content.remaining());
                response.write(true, content, callback);
                return;
            }
            cache.remove(cid.multihash());
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new Refusal(404, "block " + cid + " is not held by this node");
        }
        RetainableByteBuffer pooled;
        try (ch) {
            long size = ch.size();
            if (size > limits.maxBlockSize()) {
                throw new Refusal(500, "stored block " + cid + " is " + size + " bytes, above the block size limit");
            }
            List<HttpField> headers = rawHeaders(cid, etag);
            HttpFields.Mutable h = response.getHeaders();
            for (HttpField f : headers) {
                h.put(f);
            }
            if (notModified(request, etag)) {
                response.setStatus(304);
                callback.succeeded();
                return;
            }
            pooled = request.getComponents().getByteBufferPool().acquire((int) size, true);
            ByteBuffer bb = pooled.getByteBuffer();
            int pos = BufferUtil.flipToFill(bb);
            try {
                while (bb.position() - pos < size) {
                    if (ch.read(bb) < 0) {
                        throw new IOException("block file of " + cid + " shrank while being read");
                    }
                }
            } catch (IOException e) {
                pooled.release();
                throw e;
            }
            BufferUtil.flipToFlush(bb, pos);
            cache.offer(cid.multihash(), bb, headers);
            response.setStatus(200);
            h.put(HttpHeader.CONTENT_LENGTH, size);
        }
        RetainableByteBuffer toRelease = pooled;
        response.write(true, toRelease.getByteBuffer(), Callback.from(() -> {
            toRelease.release();
            callback.succeeded();
        }, x -> {
            toRelease.release();
            callback.failed(x);
        }));
    }

    /** The headers of a raw block response, as {@link #commonHeaders} sets them, pre-encoded. */
    private static List<HttpField> rawHeaders(Cid cid, String etag) {
        String text = cid.toString();
        return List.of(RAW_TYPE, new PreEncodedHttpField("Content-Disposition", "attachment; filename=\"" + text + ".bin\""),
                new PreEncodedHttpField(HttpHeader.ETAG, etag), IMMUTABLE, NOSNIFF,
                new PreEncodedHttpField("X-Ipfs-Path", "/ipfs/" + text), new PreEncodedHttpField("X-Ipfs-Roots", text),
                VARY_ACCEPT);
    }

    private static final HttpField RAW_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, RAW);
    private static final HttpField IMMUTABLE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, CACHE_IMMUTABLE);
    private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField VARY_ACCEPT = new PreEncodedHttpField(HttpHeader.VARY, "Accept");

    private record Step(Cid cid, Scope scope, boolean shardOnly) {
    }

    private void carResponse(Request request, Response response, Callback callback, Cid root, CarParams p, boolean head)
            throws Refusal, BlockstoreException {
        if (!store.has(root)) {
            throw new Refusal(404, "block " + root + " is not held by this node");
        }
        String etag = "\"" + root + ".car." + p.scope.name().toLowerCase() + (p.dups ? ".dups" : "")
                + (p.entityBytes != null ? "." + p.entityBytes.replace(':', '_') : "") + "\"";
        commonHeaders(response, root, CAR + "; version=1; order=dfs; dups=" + (p.dups ? "y" : "n"), root + ".car", etag);
        if (notModified(request, etag)) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        response.setStatus(200);
        if (head) {
            response.write(true, null, callback);
            return;
        }
        // The throttle sits below the buffer, so each buffered write leaves in paced slices.
        try (OutputStream out = new BufferedOutputStream(
                new ThrottledStream(Content.Sink.asOutputStream(response), throttle), CHUNK)) {
            out.write(CarFraming.header(List.of(root)));
            Set<Cid> seen = new HashSet<>();
            Deque<Step> stack = new ArrayDeque<>();
            stack.push(new Step(root, p.scope, false));
            while (!stack.isEmpty()) {
                Step s = stack.pop();
                Cid cid = s.cid;
                if (!p.dups && !seen.add(cid.toV1())) {
                    continue;
                }
                byte[] block = store.get(cid).orElse(null);
                if (block == null) {
                    // Already committed to 200: cut the stream so the client sees an incomplete CAR.
                    throw new IOException("block " + cid + " under " + root + " is not held by this node");
                }
                List<PbLink> links = List.of();
                int kind = UnixfsKind.UNKNOWN;
                if (cid.codec() == Cid.DAG_PB) {
                    PbNode node = DagPb.decode(cid, block);
                    links = node.links();
                    kind = UnixfsKind.of(node.data());
                }
                if (s.shardOnly && kind != UnixfsKind.HAMT_SHARD) {
                    continue;
                }
                if (!cid.isIdentity()) { // identity blocks live inside their CID, never in a CAR
                    CarFraming.writeSection(out, cid, block);
                }
                boolean descend;
                boolean shardOnly = false;
                switch (s.scope) {
                    case BLOCK -> descend = false;
                    case ALL -> descend = true;
                    default -> {
                        descend = kind == UnixfsKind.FILE || kind == UnixfsKind.RAW || kind == UnixfsKind.HAMT_SHARD;
                        shardOnly = kind == UnixfsKind.HAMT_SHARD;
                    }
                }
                if (descend) {
                    for (int i = links.size() - 1; i >= 0; i--) {
                        stack.push(new Step(links.get(i).hash(), s.scope == Scope.BLOCK ? Scope.BLOCK : s.scope, shardOnly));
                    }
                }
            }
        } catch (IOException | InvalidBlockException | BlockstoreException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    /** Passes writes through the node's egress throttle (if any) in slices of {@link #THROTTLE_SLICE}. */
    private static final class ThrottledStream extends OutputStream {
        private final OutputStream out;
        private final Throttle throttle;

        ThrottledStream(OutputStream out, Throttle throttle) {
            this.out = out;
            this.throttle = throttle;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = throttle != null ? Math.min(len, THROTTLE_SLICE) : len;
                if (throttle != null) {
                    try {
                        throttle.acquire(n);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while throttled", e);
                    }
                }
                out.write(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private void providers(Request request, Response response, Callback callback, String cidText, boolean head)
            throws Refusal, BlockstoreException {
        Cid cid;
        try {
            cid = Cid.parse(cidText);
        } catch (InvalidCidException e) {
            throw new Refusal(400, e.getMessage());
        }
        if (!store.has(cid)) {
            throw new Refusal(404, "no provider known for " + cid);
        }
        ObjectNode provider = JSON.createObjectNode();
        provider.put("Schema", "peer");
        provider.put("ID", peerId);
        provider.putArray("Addrs").add(NodeIdentity.multiaddr(self.get()));
        provider.putArray("Protocols").add("transport-ipfs-gateway-http");
        boolean ndjson = false;
        for (MediaRange m : MediaRange.parseAccept(request.getHeaders().get(HttpHeader.ACCEPT))) {
            if (m.q() > 0 && m.type().equals("application/x-ndjson")) {
                ndjson = true;
                break;
            }
            if (m.q() > 0 && m.type().equals("application/json")) {
                break;
            }
        }
        String body;
        if (ndjson) {
            body = provider.toString() + "\n";
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-ndjson");
        } else {
            ObjectNode root = JSON.createObjectNode();
            root.putArray("Providers").add(provider);
            body = root.toString();
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        response.getHeaders().put(HttpHeader.VARY, "Accept");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
        text(response, callback, 200, body, head);
    }

    private void peerList(Response response, Callback callback, boolean head) {
        ObjectNode root = JSON.createObjectNode();
        root.put("self", self.get().toString());
        ArrayNode list = root.putArray("peers");
        for (Peer p : peers.all()) {
            list.add(p.toString());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        text(response, callback, 200, root.toString(), head);
    }

    private static void error(Response response, Callback callback, int status, String message) {
        if (response.isCommitted()) {
            callback.failed(new IOException(message));
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().remove(HttpHeader.ETAG);
        text(response, callback, status, message + "\n", false);
    }

    private static void text(Response response, Callback callback, int status, String body, boolean head) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    /** The block size limit this handler enforces on what it accepts (kept for symmetry with fetchers). */
    public int maxBlockSize() {
        return limits.maxBlockSize();
    }
}
