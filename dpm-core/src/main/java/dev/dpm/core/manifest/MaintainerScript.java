package dev.dpm.core.manifest;

import dev.dpm.content.Cid;

/**
 * A maintainer script (preinst, postinst, prerm, postrm, config, ...) kept with a release for the
 * record. dpm never runs it. Exactly one of {@code text} (inline content) and {@code cid} (a raw block
 * holding the content) is set.
 */
public record MaintainerScript(String text, Cid cid) {
    public MaintainerScript {
        if ((text == null) == (cid == null)) {
            throw new IllegalArgumentException("exactly one of text and cid must be set");
        }
    }

    public static MaintainerScript inline(String text) {
        return new MaintainerScript(text, null);
    }

    public static MaintainerScript stored(Cid cid) {
        return new MaintainerScript(null, cid);
    }
}
