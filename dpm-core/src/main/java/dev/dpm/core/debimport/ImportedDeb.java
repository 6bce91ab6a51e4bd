package dev.dpm.core.debimport;

import dev.dpm.content.Cid;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.core.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code .deb} turned into a dpm release, ready to publish.
 *
 * @param source             the {@code .deb}
 * @param manifest           the release's manifest: control fields, payload CID, file list, kept scripts
 * @param payload            what the UnixFS import of the data tree produced (root = {@code manifest.payload()})
 * @param tree               the data tree as read from the archive
 * @param extracted          the directory holding the extracted data tree (the caller's work directory)
 * @param maintainerScripts  the maintainer scripts kept in the manifest, never run (preinst, postinst, ...)
 * @param otherControlFiles  other control members kept in the manifest (conffiles, triggers, shlibs, ...)
 * @param roots              every CID to pin so the release stays available: the payload and any script
 *                           stored as its own block
 */
public record ImportedDeb(Path source, Manifest manifest, ImportResult payload, DebPayload tree, Path extracted,
        List<String> maintainerScripts, List<String> otherControlFiles, List<Cid> roots) {
    public ImportedDeb {
        maintainerScripts = List.copyOf(maintainerScripts);
        otherControlFiles = List.copyOf(otherControlFiles);
        roots = List.copyOf(roots);
    }
}
