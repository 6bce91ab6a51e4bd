package dev.dpm.content.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.Cid;
import dev.dpm.content.MissingBlockException;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.PatternInputStream;
import dev.dpm.content.unixfs.UnixfsImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoTest {
    @TempDir
    Path dir;

    @Test
    void gcKeepsPinnedDagsAndRemovesTheRest() throws Exception {
        Repo repo = Repo.open(dir);
        UnixfsImporter importer = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1)
                .blockstore(repo.blockstore()).build();
        ImportResult kept = importer.importStream(new PatternInputStream(600_000)); // 2 distinct leaves + root
        byte[] other = "garbage".getBytes();
        repo.blockstore().put(Cid.raw(other), other);
        assertThat(repo.pin(kept.root())).isTrue();
        assertThat(repo.pin(kept.root())).isFalse();
        RepoStats before = repo.stat();
        assertThat(before.blocks()).isEqualTo(4);
        assertThat(before.pinnedBlocks()).isEqualTo(3);
        assertThat(before.bytes() - before.pinnedBytes()).isEqualTo(other.length);
        assertThat(repo.gc()).isEqualTo(new GcResult(1, other.length));
        assertThat(Repo.open(dir).pins()).containsExactly(kept.root());
        assertThat(repo.unpin(kept.root())).isTrue();
        assertThat(repo.gc().removedBlocks()).isEqualTo(3);
        assertThat(repo.stat()).isEqualTo(new RepoStats(0, 0, 0, 0, 0));
    }

    @Test
    void aDagStaysPinnedWhileAnyHolderRemains() throws Exception {
        Repo repo = Repo.open(dir);
        byte[] block = "payload".getBytes();
        Cid cid = Cid.raw(block);
        repo.blockstore().put(cid, block);
        assertThat(repo.pin(cid)).isTrue(); // a publisher's pin
        assertThat(repo.pin(cid, "seed:/roots/a")).isTrue();
        assertThat(repo.pin(cid, "seed:/roots/b")).isTrue();
        assertThat(repo.pin(cid, "seed:/roots/b")).isFalse();
        assertThat(Repo.open(dir).holders().get(cid)).containsExactly(Repo.DIRECT, "seed:/roots/a", "seed:/roots/b");
        assertThat(repo.pins()).containsExactly(cid);

        assertThat(repo.unpin(cid, "seed:/roots/a")).isTrue(); // one root removes the package
        assertThat(repo.unpin(cid, "seed:/roots/a")).isFalse();
        assertThat(repo.unpin(cid)).isTrue(); // the user unpins directly
        assertThat(repo.unpin(cid)).isFalse();
        assertThat(repo.gc().removedBlocks()).isZero(); // root b still seeds it
        assertThat(repo.blockstore().has(cid)).isTrue();

        assertThat(repo.unpin(cid, "seed:/roots/b")).isTrue();
        assertThat(repo.pins()).isEmpty();
        assertThat(repo.gc().removedBlocks()).isEqualTo(1);
        assertThatThrownBy(() -> repo.pin(cid, "bad\tholder")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVersionOnePinFileReadsAsDirectPins() throws Exception {
        Repo repo = Repo.open(dir);
        byte[] block = "old".getBytes();
        Cid cid = Cid.raw(block);
        repo.blockstore().put(cid, block);
        Files.writeString(dir.resolve("pins"), "dpm-pins 1\n" + cid + "\n");
        assertThat(repo.holders().get(cid)).containsExactly(Repo.DIRECT);
        assertThat(repo.pin(cid, "seed:/r")).isTrue();
        assertThat(Files.readString(dir.resolve("pins"))).startsWith("dpm-pins 2\n");
        assertThat(Repo.open(dir).holders().get(cid)).containsExactly(Repo.DIRECT, "seed:/r");
    }

    @Test
    void refusesToPinIncompleteDag() throws Exception {
        Repo repo = Repo.open(dir);
        ImportResult r = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).blockstore(repo.blockstore())
                .build().importStream(new PatternInputStream(600_000));
        for (Cid c : repo.blockstore().allCids()) {
            if (c.codec() == Cid.RAW && !c.multihash().equals(r.root().multihash())) {
                repo.blockstore().delete(c);
                break;
            }
        }
        assertThatThrownBy(() -> repo.pin(r.root())).isInstanceOf(MissingBlockException.class);
        assertThat(repo.pins()).isEmpty();
    }

    @Test
    void verifyReportsCorruptedBlock() throws Exception {
        Repo repo = Repo.open(dir);
        byte[] a = "a".getBytes();
        byte[] b = "b".getBytes();
        repo.blockstore().put(Cid.raw(a), a);
        repo.blockstore().put(Cid.raw(b), b);
        assertThat(repo.verify()).isEqualTo(new VerifyReport(2, java.util.List.of()));
        Files.write(repo.blockstore().pathOf(Cid.raw(b)), "x".getBytes());
        VerifyReport report = repo.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.bad()).containsExactly(Cid.raw(b));
    }
}
