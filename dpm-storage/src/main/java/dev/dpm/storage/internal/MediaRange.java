package dev.dpm.storage.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of an {@code Accept} header: type/subtype, parameters (lower-case names) and quality.
 */
public record MediaRange(String type, Map<String, String> params, double q) {

    /** Parses an Accept header, highest quality first (stable for equal q); malformed entries are skipped. */
    public static List<MediaRange> parseAccept(String header) {
        List<MediaRange> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty() || !type.contains("/")) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim().replace("\"", "");
                if (name.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                } else {
                    params.put(name, value);
                }
            }
            out.add(new MediaRange(type, params, q));
        }
        out.sort(Comparator.comparingDouble(MediaRange::q).reversed());
        return out;
    }
}
