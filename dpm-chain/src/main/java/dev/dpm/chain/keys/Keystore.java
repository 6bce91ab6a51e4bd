package dev.dpm.chain.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * A directory of standard Ethereum keystore files (v3 JSON, scrypt), the format geth, Besu, MetaMask and
 * web3j share. Private keys exist only encrypted on disk and, once unlocked, in memory; nothing here takes
 * a key from a command line. On a POSIX file system the directory, when this class creates it, is private
 * to its owner (mode 700; an existing directory is left as it is, since it may be shared with other
 * tools), and every key file it writes is created owner-only (600), never readable by others even for a
 * moment. Not thread-safe for concurrent writes to the same directory.
 */
public final class Keystore {
    /** How hard the key derivation is: {@link #STANDARD} for real keys, {@link #LIGHT} for throw-away devnet keys. */
    public enum Strength { STANDARD, LIGHT }

    /** One account: its address (0x-prefixed lower-case) and its keystore file. */
    public record Account(String address, Path file) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** The file name geth and web3j give a key: {@code UTC--<time>--<address>.json}. */
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.nVV");
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
            WalletFile wallet = strength == Strength.STANDARD ? Wallet.createStandard(password, pair)
                    : Wallet.createLight(password, pair);
            createDirectory();
            Path f = dir.resolve("UTC--" + FILE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "--"
                    + wallet.getAddress() + ".json");
            // created 600, not chmod-ed after the write: there is no moment when others can read it
            if (posix()) {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(FILE_MODE));
            } else {
                Files.createFile(f); // not a POSIX file system: the key is still encrypted
            }
            try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                JSON.writeValue(out, wallet);
            } catch (IOException e) {
                Files.deleteIfExists(f);
                throw e;
            }
            return new Account("0x" + Keys.getAddress(pair).toLowerCase(Locale.ROOT), f);
        } catch (FileAlreadyExistsException e) {
            throw new KeystoreException("cannot write a key to " + dir + ": " + e.getFile() + " exists already", e);
        } catch (IOException | CipherException e) {
            throw new KeystoreException("cannot write a key to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the keystore directory, owner-only (700) on POSIX, if it does not exist: it lists which
     * accounts one holds and holds the encrypted keys, which others could copy and brute-force offline.
     * Its parents are created as usual. An existing directory is not changed.
     */
    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = posix();
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return; // created meanwhile by someone else: theirs, left as it is
        }
        if (posix) {
            Files.setPosixFilePermissions(dir, DIR_MODE); // exactly 700, whatever the umask
        }
    }

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
