package dev.dpm.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A storage peer: the base URL of a Trustless Gateway (a dpm node, Kubo, any HTTP gateway), e.g.
 * {@code http://127.0.0.1:8480}. Blocks are at {@code {url}/ipfs/{cid}}. Two peers are equal when their
 * normalised URLs are (scheme and host lower case, no trailing slash).
 *
 * @param url the normalised base URL (http or https, no query, no fragment, no trailing slash)
 */
public record Peer(URI url) {
    public Peer {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            throw new IllegalArgumentException("a peer is an http(s) URL with a host, got " + url);
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("a peer URL must be http or https: " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("a peer URL has no query or fragment: " + url);
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            url = new URI(scheme, url.getRawUserInfo(), url.getHost().toLowerCase(Locale.ROOT), url.getPort(),
                    path.isEmpty() ? null : path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a peer URL: " + url, e);
        }
    }

    /**
     * Parses a base URL such as {@code http://host:8480} or {@code https://gateway.example/}.
     *
     * @throws IllegalArgumentException naming the text when it is not an http(s) URL with a host
     */
    public static Peer parse(String text) {
        try {
            return new Peer(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a peer URL: '" + text + "'", e);
        }
    }

    /** The URL of {@code path} (starting with '/') on this peer. */
    public URI resolve(String path) {
        return URI.create(url + path);
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
