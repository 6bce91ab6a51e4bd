package dev.dpm.core.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dpm.content.Cid;
import dev.dpm.content.InvalidCidException;
import dev.dpm.core.version.DebianVersion;
import dev.dpm.core.version.VersionFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The canonical JSON encoding of {@link Manifest}. Encoding is written by hand so that every byte is
 * specified; decoding parses with Jackson, rebuilds the manifest, re-encodes it and requires the same
 * bytes, which rejects every non-canonical spelling (whitespace, key order, escapes, number forms,
 * empty fields that should be omitted) in one rule.
 */
final class ManifestCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> TOP_KEYS = Set.of("architecture", "breaks", "conffiles", "conflicts", "depends",
            "description", "files", "format", "installedSize", "maintainer", "name", "origin", "originInfo",
            "payload", "payloadSize", "preDepends", "provides", "recommends", "replaces", "scripts", "version");
    private static final Set<String> FILE_KEYS = Set.of("mode", "path", "sha256", "size", "target", "type");
    private static final Set<String> SCRIPT_KEYS = Set.of("cid", "text");

    private ManifestCodec() {
    }

    static byte[] encode(Manifest m) {
        // TreeMap keeps the keys sorted; values are pre-rendered JSON fragments.
        TreeMap<String, String> top = new TreeMap<>();
        top.put("format", Integer.toString(m.formatVersion()));
        top.put("name", str(m.name()));
        top.put("version", str(m.version().toString()));
        top.put("architecture", str(m.architecture()));
        top.put("description", str(m.description()));
        if (m.maintainer() != null) {
            top.put("maintainer", str(m.maintainer()));
        }
        putList(top, "depends", m.depends(), Dependency::toString);
        putList(top, "preDepends", m.preDepends(), Dependency::toString);
        putList(top, "recommends", m.recommends(), Dependency::toString);
        putList(top, "conflicts", m.conflicts(), Relation::toString);
        putList(top, "breaks", m.breaks(), Relation::toString);
        putList(top, "provides", m.provides(), Provide::toString);
        putList(top, "replaces", m.replaces(), Relation::toString);
        if (m.payload() != null) {
            top.put("payload", str(m.payload().toString()));
        }
        if (m.payloadSize() != 0) {
            top.put("payloadSize", Long.toString(m.payloadSize()));
        }
        if (m.installedSize() != 0) {
            top.put("installedSize", Long.toString(m.installedSize()));
        }
        if (!m.files().isEmpty()) {
            List<String> files = new ArrayList<>();
            for (FileEntry f : m.files()) {
                TreeMap<String, String> o = new TreeMap<>();
                o.put("path", str(f.path()));
                o.put("type", str(f.type().jsonName()));
                o.put("mode", Integer.toString(f.mode()));
                if (f.type() == FileEntry.Type.FILE) {
                    o.put("size", Long.toString(f.size()));
                    o.put("sha256", str(f.sha256()));
                }
                if (f.target() != null) {
                    o.put("target", str(f.target()));
                }
                files.add(object(o));
            }
            top.put("files", "[" + String.join(",", files) + "]");
        }
        putList(top, "conffiles", m.conffiles(), Function.identity());
        if (!m.scripts().isEmpty()) {
            TreeMap<String, String> o = new TreeMap<>();
            for (Map.Entry<String, MaintainerScript> e : m.scripts().entrySet()) {
                MaintainerScript s = e.getValue();
                o.put(e.getKey(), s.text() != null ? "{\"text\":" + str(s.text()) + "}"
                        : "{\"cid\":" + str(s.cid().toString()) + "}");
            }
            top.put("scripts", object(o));
        }
        if (m.origin() != null) {
            top.put("origin", str(m.origin()));
        }
        if (!m.originInfo().isEmpty()) {
            TreeMap<String, String> o = new TreeMap<>();
            m.originInfo().forEach((k, v) -> o.put(k, str(v)));
            top.put("originInfo", object(o));
        }
        return object(top).getBytes(StandardCharsets.UTF_8);
    }

    private static <T> void putList(Map<String, String> top, String key, List<T> list, Function<T, String> f) {
        if (!list.isEmpty()) {
            List<String> parts = new ArrayList<>(list.size());
            for (T t : list) {
                parts.add(str(f.apply(t)));
            }
            top.put(key, "[" + String.join(",", parts) + "]");
        }
    }

    private static String object(TreeMap<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(str(e.getKey())).append(':').append(e.getValue());
        }
        return b.append('}').toString();
    }

    /** A JSON string: only {@code "}, {@code \} and control characters escaped; the rest as UTF-8. */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static Manifest decode(byte[] bytes) throws ManifestException {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ManifestException(null, "manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ManifestException(null, "manifest is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(null, "manifest is not a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) {
                throw new ManifestException(k, "unknown field");
            }
        }
        Manifest.Builder b = Manifest.builder();
        b.formatVersion((int) integer(root, "format", true));
        if (root.path("format").asInt() != Manifest.FORMAT_VERSION) {
            throw new ManifestException("format", "unsupported format version " + root.path("format"));
        }
        b.name(text(root, "name", true));
        String v = text(root, "version", true);
        try {
            b.version(DebianVersion.parse(v));
        } catch (VersionFormatException e) {
            throw new ManifestException("version", e.getMessage(), e);
        }
        b.architecture(text(root, "architecture", true));
        b.description(text(root, "description", true));
        b.maintainer(text(root, "maintainer", false));
        b.depends(deps(root, "depends"));
        b.preDepends(deps(root, "preDepends"));
        b.recommends(deps(root, "recommends"));
        b.conflicts(rels(root, "conflicts"));
        b.breaks(rels(root, "breaks"));
        b.replaces(rels(root, "replaces"));
        List<Provide> provides = new ArrayList<>();
        for (String s : strings(root, "provides")) {
            try {
                provides.add(Provide.parse(s));
            } catch (ManifestException e) {
                throw new ManifestException("provides", e.getMessage(), e);
            }
        }
        b.provides(provides);
        String payload = text(root, "payload", false);
        if (payload != null) {
            try {
                b.payload(Cid.parse(payload));
            } catch (InvalidCidException e) {
                throw new ManifestException("payload", "bad CID '" + payload + "': " + e.getMessage(), e);
            }
        }
        b.payloadSize(integer(root, "payloadSize", false));
        b.installedSize(integer(root, "installedSize", false));
        b.files(files(root.get("files")));
        b.conffiles(strings(root, "conffiles"));
        JsonNode scripts = root.get("scripts");
        if (scripts != null) {
            if (!scripts.isObject()) {
                throw new ManifestException("scripts", "not an object");
            }
            for (Map.Entry<String, JsonNode> e : scripts.properties()) {
                JsonNode s = e.getValue();
                if (!s.isObject() || s.size() != 1 || !SCRIPT_KEYS.contains(s.fieldNames().next())) {
                    throw new ManifestException("scripts", "script '" + e.getKey() + "' must be {\"text\":...} or {\"cid\":...}");
                }
                if (s.has("text")) {
                    if (!s.get("text").isTextual()) {
                        throw new ManifestException("scripts", "script '" + e.getKey() + "': text is not a string");
                    }
                    b.script(e.getKey(), MaintainerScript.inline(s.get("text").asText()));
                } else {
                    try {
                        b.script(e.getKey(), MaintainerScript.stored(Cid.parse(s.get("cid").asText())));
                    } catch (InvalidCidException ex) {
                        throw new ManifestException("scripts", "script '" + e.getKey() + "': bad CID", ex);
                    }
                }
            }
        }
        b.origin(text(root, "origin", false));
        JsonNode info = root.get("originInfo");
        if (info != null) {
            if (!info.isObject()) {
                throw new ManifestException("originInfo", "not an object");
            }
            for (Map.Entry<String, JsonNode> e : info.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new ManifestException("originInfo", "value of '" + e.getKey() + "' is not a string");
                }
                b.originInfo(e.getKey(), e.getValue().asText());
            }
        }
        Manifest m;
        try {
            m = b.build();
        } catch (IllegalArgumentException e) {
            throw new ManifestException(null, "invalid manifest: " + e.getMessage(), e);
        }
        if (!Arrays.equals(encode(m), bytes)) {
            throw new ManifestException(null, "manifest '" + m.id() + "' is not in canonical form"
                    + " (sorted keys, no whitespace, minimal escapes, empty fields omitted, files sorted)");
        }
        return m;
    }

    private static String text(JsonNode root, String key, boolean required) throws ManifestException {
        JsonNode n = root.get(key);
        if (n == null) {
            if (required) {
                throw new ManifestException(key, "missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new ManifestException(key, "not a string");
        }
        return n.asText();
    }

    private static long integer(JsonNode root, String key, boolean required) throws ManifestException {
        JsonNode n = root.get(key);
        if (n == null) {
            if (required) {
                throw new ManifestException(key, "missing");
            }
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ManifestException(key, "not an integer");
        }
        return n.asLong();
    }

    private static List<String> strings(JsonNode root, String key) throws ManifestException {
        JsonNode n = root.get(key);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new ManifestException(key, "not an array");
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new ManifestException(key, "element is not a string: " + e);
            }
            out.add(e.asText());
        }
        return out;
    }

    private static List<Dependency> deps(JsonNode root, String key) throws ManifestException {
        List<Dependency> out = new ArrayList<>();
        for (String s : strings(root, key)) {
            try {
                out.add(Dependency.parse(s));
            } catch (ManifestException e) {
                throw new ManifestException(key, e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<Relation> rels(JsonNode root, String key) throws ManifestException {
        List<Relation> out = new ArrayList<>();
        for (String s : strings(root, key)) {
            try {
                out.add(Relation.parse(s));
            } catch (ManifestException e) {
                throw new ManifestException(key, e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<FileEntry> files(JsonNode n) throws ManifestException {
        List<FileEntry> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new ManifestException("files", "not an array");
        }
        for (JsonNode f : n) {
            if (!f.isObject()) {
                throw new ManifestException("files", "entry is not an object");
            }
            for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!FILE_KEYS.contains(k)) {
                    throw new ManifestException("files", "unknown key '" + k + "'");
                }
            }
            String path = f.path("path").isTextual() ? f.get("path").asText() : null;
            FileEntry.Type type = FileEntry.Type.fromJsonName(f.path("type").asText(""));
            if (path == null || type == null) {
                throw new ManifestException("files", "entry without path or type: " + f);
            }
            JsonNode mode = f.get("mode");
            if (mode == null || !mode.isInt()) {
                throw new ManifestException("files", "bad mode for '" + path + "'");
            }
            JsonNode size = f.get("size");
            if (size != null && !size.isIntegralNumber()) {
                throw new ManifestException("files", "bad size for '" + path + "'");
            }
            out.add(new FileEntry(path, type, mode.asInt(), size == null ? 0 : size.asLong(),
                    f.has("sha256") ? f.get("sha256").asText() : null,
                    f.has("target") ? f.get("target").asText() : null));
        }
        return out;
    }
}
