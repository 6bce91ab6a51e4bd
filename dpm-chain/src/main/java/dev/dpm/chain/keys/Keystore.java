package dev.dpm.chain.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * A directory of standard Ethereum keystore files (v3 JSON, scrypt), the format geth, Besu, MetaMask and
 * web3j share. Private keys exist only encrypted on disk and, once unlocked, in memory; nothing here takes
 * a key from a command line. Not thread-safe for concurrent writes to the same directory.
 */
public final class Keystore {
    /** How hard the key derivation is: {@link #STANDARD} for real keys, {@link #LIGHT} for throw-away devnet keys. */
    public enum Strength { STANDARD, LIGHT }

    /** One account: its address (0x-prefixed lower-case) and its keystore file. */
    public record Account(String address, Path file) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public Keystore(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** Creates a new random key, encrypted with {@code password}. */
    public Account create(String password, Strength strength) throws KeystoreException {
        try {
            return write(Keys.createEcKeyPair(), password, strength);
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new KeystoreException("cannot generate a key: " + e.getMessage(), e);
        }
    }

    /**
     * Imports a private key (64 hex digits, 0x optional), encrypted with {@code password}.
     *
     * @throws KeystoreException if the key is malformed or its account is already in this keystore
     */
    public Account importKey(String privateKeyHex, String password, Strength strength) throws KeystoreException {
        String hex = Numeric.cleanHexPrefix(privateKeyHex.trim());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new KeystoreException("a private key is 64 hexadecimal digits (0x optional)");
        }
        ECKeyPair pair = ECKeyPair.create(new BigInteger(hex, 16));
        String address = "0x" + Keys.getAddress(pair).toLowerCase(Locale.ROOT);
        if (find(address).isPresent()) {
            throw new KeystoreException("account " + address + " is already in " + dir);
        }
        return write(pair, password, strength);
    }

    /** The accounts in this keystore, by address. */
    public List<Account> list() throws KeystoreException {
        List<Account> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(f.toFile());
                    String a = node.path("address").asText("");
                    if (a.matches("(0x)?[0-9a-fA-F]{40}") && node.has("crypto")) {
                        out.add(new Account("0x" + Numeric.cleanHexPrefix(a).toLowerCase(Locale.ROOT), f));
                    }
                } catch (IOException e) {
                    // Not a keystore file (a note, a backup): keystore directories are shared with other tools.
                }
            }
        } catch (IOException e) {
            throw new KeystoreException("cannot list keystore " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Account::address));
        return out;
    }

    public Optional<Account> find(String address) throws KeystoreException {
        String a = address.toLowerCase(Locale.ROOT);
        return list().stream().filter(x -> x.address().equals(a)).findFirst();
    }

    /**
     * Decrypts the key of {@code address}.
     *
     * @throws KeystoreException if the account is not in this keystore or the password is wrong
     */
    public Credentials unlock(String address, String password) throws KeystoreException {
        if (!Files.isDirectory(dir)) {
            throw new KeystoreException("keystore " + dir + " does not exist, so it has no key for account " + address
                    + " (dpm key new or dpm key import creates it)");
        }
        Account account = find(address).orElseThrow(() -> new KeystoreException("no key for account " + address
                + " in " + dir + " (dpm key list shows the accounts there)"));
        try {
            return WalletUtils.loadCredentials(password, account.file().toFile());
        } catch (CipherException e) {
            throw new KeystoreException("wrong password for account " + address + " (" + account.file() + ")", e);
        } catch (IOException e) {
            throw new KeystoreException("cannot read keystore file " + account.file() + ": " + e.getMessage(), e);
        }
    }

    private Account write(ECKeyPair pair, String password, Strength strength) throws KeystoreException {
        try {
            Files.createDirectories(dir);
            String name = WalletUtils.generateWalletFile(password, pair, dir.toFile(), strength == Strength.STANDARD);
            Path f = dir.resolve(name);
            try {
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the key is still encrypted.
            }
            return new Account("0x" + Keys.getAddress(pair).toLowerCase(Locale.ROOT), f);
        } catch (IOException | CipherException e) {
            throw new KeystoreException("cannot write a key to " + dir + ": " + e.getMessage(), e);
        }
    }
}
