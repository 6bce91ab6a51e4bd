package dev.dpm.chain.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
    // anvil's account 0: a published development key and its published address (the oracle).
    static final String KEY0 = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String ADDR0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    @TempDir
    Path dir;

    @Test
    void importedKeyIsAStandardV3FileThatUnlocksWithItsPasswordOnly() throws Exception {
        Keystore ks = new Keystore(dir.resolve("keystore"));
        Keystore.Account a = ks.importKey("0x" + KEY0, "secret", Keystore.Strength.LIGHT);
        assertThat(a.address()).isEqualTo(ADDR0);
        JsonNode json = new ObjectMapper().readTree(a.file().toFile());
        assertThat(json.get("version").asInt()).isEqualTo(3);
        assertThat(json.at("/crypto/kdf").asText()).isEqualTo("scrypt");
        assertThat(Files.readString(a.file())).doesNotContain(KEY0);
        assertThat(ks.unlock(ADDR0, "secret").getEcKeyPair().getPrivateKey().toString(16)).isEqualTo(KEY0);
        assertThatThrownBy(() -> ks.unlock(ADDR0, "wrong")).isInstanceOf(KeystoreException.class)
                .hasMessageStartingWith("wrong password for account " + ADDR0);
        assertThatThrownBy(() -> ks.importKey(KEY0, "x", Keystore.Strength.LIGHT))
                .hasMessageContaining("account " + ADDR0 + " is already in");
    }

    @Test
    void unlockingFromAMissingKeystoreNamesTheDirectory() {
        Path missing = dir.resolve("no-such-keystore");
        assertThatThrownBy(() -> new Keystore(missing).unlock("0x90f79bf6eb2c4f870365e785982e1f101e93b906", "pw"))
                .isInstanceOf(KeystoreException.class)
                .hasMessageContaining("keystore " + missing + " does not exist");
    }

    @Test
    void createdKeysAreListedAndMalformedKeysRefused() throws Exception {
        Keystore ks = new Keystore(dir);
        Files.writeString(dir.resolve("notes.txt"), "not a key");
        Keystore.Account a = ks.create("pw", Keystore.Strength.LIGHT);
        Keystore.Account b = ks.create("pw", Keystore.Strength.LIGHT);
        assertThat(ks.list()).extracting(Keystore.Account::address).containsExactlyInAnyOrder(a.address(), b.address());
        assertThat(ks.unlock(a.address(), "pw").getAddress()).isEqualTo(a.address());
        assertThatThrownBy(() -> ks.importKey("0x1234", "pw", Keystore.Strength.LIGHT))
                .hasMessage("a private key is 64 hexadecimal digits (0x optional)");
        assertThatThrownBy(() -> ks.unlock("0x0000000000000000000000000000000000000001", "pw"))
                .hasMessageStartingWith("no key for account 0x0000000000000000000000000000000000000001");
    }

    @Test
    void aKeystoreItCreatesIsOwnerOnlyAndSoAreItsKeys() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX only");
        // as dpm key new and dpm devnet up create it: the home and the keystore inside it do not exist yet
        Path home = dir.resolve("home");
        Keystore ks = new Keystore(home.resolve("keystore"));
        Keystore.Account a = ks.importKey(KEY0, "pw", Keystore.Strength.LIGHT);
        Keystore.Account b = ks.create("pw", Keystore.Strength.LIGHT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ks.directory()))).isEqualTo("rwx------");
        for (Keystore.Account k : new Keystore.Account[] {a, b}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k.file()))).isEqualTo("rw-------");
            assertThat(k.file().getFileName().toString()).startsWith("UTC--")
                    .endsWith("--" + k.address().substring(2) + ".json");
        }
        // the home is not the keystore's to lock down: created as any directory is (the umask decides)
        assertThat(Files.getPosixFilePermissions(home))
                .isEqualTo(Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("sibling"))));
        // the files are what web3j writes and reads: it decrypts them (the oracle)
        assertThat(org.web3j.crypto.WalletUtils.loadCredentials("pw", a.file().toFile()).getAddress()).isEqualTo(ADDR0);
        assertThat(org.web3j.crypto.WalletUtils.loadCredentials("pw", b.file().toFile()).getAddress())
                .isEqualTo(b.address());

        // an existing directory (maybe shared with geth) is left as it is; its new keys are still 600
        Path shared = Files.createDirectory(dir.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Keystore.Account c = new Keystore(shared).create("pw", Keystore.Strength.LIGHT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file()))).isEqualTo("rw-------");
    }
}
