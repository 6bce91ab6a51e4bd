package dev.dpm.core.manifest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parser for deb822 / Debian control syntax: paragraphs separated by blank lines, {@code Field: value}
 * lines, continuation lines starting with a space or tab, {@code #} comment lines (outside a field's
 * continuation). Field names are case-insensitive. Errors name the source and the line
 * ({@code pkg/dpm.control:7: ...}). Stateless and thread-safe.
 */
public final class ControlFile {
    private ControlFile() {
    }

    /** One paragraph (stanza): fields in file order, looked up case-insensitively. */
    public static final class Paragraph {
        private final String source;
        private final int firstLine;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> spelling = new LinkedHashMap<>();
        private final Map<String, Integer> lines = new LinkedHashMap<>();

        Paragraph(String source, int firstLine) {
            this.source = source;
            this.firstLine = firstLine;
        }

        /**
         * The value of a field: the first line's text stripped, continuation lines joined with
         * {@code \n} (each stripped of its leading space; a lone {@code .} becomes an empty line), or
         * null when absent.
         */
        public String get(String field) {
            return values.get(field.toLowerCase(Locale.ROOT));
        }

        /** The value of a field, or the source:line error naming it when missing or blank. */
        public String require(String field) throws ManifestException {
            String v = get(field);
            if (v == null || v.isBlank()) {
                throw new ManifestException(null, source + ":" + firstLine + ": missing field '" + field + "'");
            }
            return v;
        }

        /** Whether the field is present. */
        public boolean has(String field) {
            return values.containsKey(field.toLowerCase(Locale.ROOT));
        }

        /** The line a field starts on (for messages), or the paragraph's first line when absent. */
        public int lineOf(String field) {
            return lines.getOrDefault(field.toLowerCase(Locale.ROOT), firstLine);
        }

        /** {@code source:line} of a field, for error messages. */
        public String where(String field) {
            return source + ":" + lineOf(field);
        }

        /** The field names as spelled in the file, in file order. */
        public List<String> fieldNames() {
            return Collections.unmodifiableList(new ArrayList<>(spelling.values()));
        }

        public int firstLine() {
            return firstLine;
        }

        public String source() {
            return source;
        }
    }

    /** Receives paragraphs one at a time, so a 60 MB Packages index never sits in memory as text. */
    @FunctionalInterface
    public interface ParagraphHandler {
        void accept(Paragraph p) throws ManifestException;
    }

    /** Parses all paragraphs of a small file (a {@code dpm.control}). */
    public static List<Paragraph> parse(String source, String text) throws ManifestException {
        List<Paragraph> out = new ArrayList<>();
        try {
            read(source, new java.io.StringReader(text), out::add);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return out;
    }

    /**
     * Streams the paragraphs of {@code in} to {@code handler}.
     *
     * @throws ManifestException at the first syntax error, as {@code source:line: what}
     * @throws IOException when reading fails
     */
    public static void read(String source, Reader in, ParagraphHandler handler) throws IOException, ManifestException {
        BufferedReader r = in instanceof BufferedReader br ? br : new BufferedReader(in, 1 << 16);
        Paragraph current = null;
        String field = null;
        StringBuilder value = null;
        int lineNo = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                if (current != null) {
                    finish(current, field, value);
                    handler.accept(current);
                    current = null;
                    field = null;
                    value = null;
                }
                continue;
            }
            char c0 = line.charAt(0);
            if (c0 == ' ' || c0 == '\t') {
                if (field == null) {
                    throw new ManifestException(null, source + ":" + lineNo + ": continuation line without a field");
                }
                String cont = line.substring(1);
                value.append('\n').append(cont.equals(".") ? "" : cont);
                continue;
            }
            if (c0 == '#') {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ManifestException(null, source + ":" + lineNo + ": expected 'Field: value', got '"
                        + abbreviate(line) + "'");
            }
            String name = line.substring(0, colon);
            if (!name.chars().allMatch(ch -> ch > 32 && ch < 127 && ch != ':')) {
                throw new ManifestException(null, source + ":" + lineNo + ": bad field name '" + abbreviate(name) + "'");
            }
            if (current == null) {
                current = new Paragraph(source, lineNo);
            } else {
                finish(current, field, value);
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (current.values.containsKey(key)) {
                throw new ManifestException(null, source + ":" + lineNo + ": duplicate field '" + name + "'");
            }
            current.values.put(key, "");
            current.spelling.put(key, name);
            current.lines.put(key, lineNo);
            field = key;
            value = new StringBuilder(line.substring(colon + 1).strip());
        }
        if (current != null) {
            finish(current, field, value);
            handler.accept(current);
        }
    }

    private static void finish(Paragraph p, String field, StringBuilder value) {
        if (field != null) {
            p.values.put(field, value.toString().stripTrailing());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
