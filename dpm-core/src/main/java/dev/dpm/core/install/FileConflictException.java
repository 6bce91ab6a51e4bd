package dev.dpm.core.install;

import java.util.List;

/**
 * The transaction would overwrite paths it does not own: all conflicts found, reported at once,
 * before anything was touched.
 */
public final class FileConflictException extends TransactionException {
    private final List<FileConflict> conflicts;

    public FileConflictException(List<FileConflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    private static String message(List<FileConflict> conflicts) {
        StringBuilder sb = new StringBuilder().append(conflicts.size())
                .append(conflicts.size() == 1 ? " file conflict: " : " file conflicts: ");
        for (int i = 0; i < conflicts.size(); i++) {
            if (i > 0) {
                sb.append(" | ");
            }
            sb.append(conflicts.get(i));
        }
        return sb.toString();
    }

    /** Every conflict, sorted by path. */
    public List<FileConflict> conflicts() {
        return conflicts;
    }
}
