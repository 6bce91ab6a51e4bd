package dev.dpm.content.dagpb;

import dev.dpm.content.Cid;

/**
 * A dag-pb link. {@code name} and {@code tsize} are optional (null when absent); an empty name is
 * distinct from an absent one and is encoded (UnixFS file links carry an empty name).
 */
public record PbLink(Cid hash, String name, Long tsize) {
    public PbLink {
        if (hash == null) {
            throw new IllegalArgumentException("a dag-pb link needs a Hash");
        }
    }
}
