package dev.dpm.core.debimport;

import dev.dpm.core.manifest.FileEntry;
import java.util.List;

/**
 * The file tree of a {@code .deb}'s data.tar as extracted by {@link DebArchive#extractData}.
 *
 * @param entries    every directory, regular file and symlink, sorted by path, with the modes the
 *                   archive gives (including setuid/setgid/sticky bits, which the extracted copy on
 *                   disk may lack); hard links appear as regular files
 * @param fileBytes  total bytes of the regular files
 * @param hardLinks  how many hard-link entries were turned into regular files
 */
public record DebPayload(List<FileEntry> entries, long fileBytes, int hardLinks) {
    public DebPayload {
        entries = List.copyOf(entries);
    }
}
