package dev.dpm.content.repo;

import dev.dpm.content.Cid;
import java.util.List;

/** Result of re-hashing every block: how many were checked and which do not match their key. */
public record VerifyReport(long checked, List<Cid> bad) {
    public VerifyReport {
        bad = List.copyOf(bad);
    }

    public boolean ok() {
        return bad.isEmpty();
    }
}
