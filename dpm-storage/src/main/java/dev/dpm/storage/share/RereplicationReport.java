package dev.dpm.storage.share;

import dev.dpm.content.Cid;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@link Rereplicator#afterLeave}.
 *
 * @param departed     the member that left
 * @param rootsCopied  DAG copies made (one per root and new owner)
 * @param bytesCopied  verified bytes fetched for them
 * @param lost         roots none of whose previous owners remains (only possible with r = 1): not repairable
 * @param elapsed      wall time of the repair
 */
public record RereplicationReport(String departed, int rootsCopied, long bytesCopied, List<Cid> lost,
                                  Duration elapsed) {
    public RereplicationReport {
        lost = List.copyOf(lost);
    }
}
