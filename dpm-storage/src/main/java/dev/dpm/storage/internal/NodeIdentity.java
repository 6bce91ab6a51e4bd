package dev.dpm.storage.internal;

import dev.dpm.content.Multibase;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The node's libp2p-style identity: an Ed25519 key whose peer ID ({@code 12D3KooW…}) names the node
 * in Delegated Routing answers, so Kubo/Helia-style routing clients can tell providers apart. The
 * node never signs anything with it (Trustless Gateway needs no signatures); it is only a stable name.
 */
public final class NodeIdentity {
    private final String peerId;

    private NodeIdentity(PublicKey pub) {
        byte[] x509 = pub.getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        // libp2p PublicKey protobuf {Type: Ed25519 (1), Data: 32 bytes} under the identity multihash.
        byte[] proto = new byte[4 + 32];
        proto[0] = 0x08;
        proto[1] = 0x01;
        proto[2] = 0x12;
        proto[3] = 0x20;
        System.arraycopy(raw, 0, proto, 4, 32);
        byte[] mh = new byte[2 + proto.length];
        mh[0] = 0x00;
        mh[1] = (byte) proto.length;
        System.arraycopy(proto, 0, mh, 2, proto.length);
        this.peerId = Multibase.base58(mh);
    }

    /** A fresh identity that lives as long as the process. */
    public static NodeIdentity ephemeral() {
        return new NodeIdentity(generate().getPublic());
    }

    /**
     * The identity stored in {@code keyFile} (PKCS#8), created on first use with a crash-safe write.
     */
    public static NodeIdentity loadOrCreate(Path keyFile) throws IOException {
        try {
            byte[] pkcs8 = Files.readAllBytes(keyFile);
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            // The public key is the trailing 32 bytes of the v2 PKCS#8 encoding Java writes.
            byte[] pub = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
            byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
            byte[] x509 = new byte[prefix.length + 32];
            System.arraycopy(prefix, 0, x509, 0, prefix.length);
            System.arraycopy(pub, 0, x509, prefix.length, 32);
            if (priv == null) {
                throw new IOException("no key in " + keyFile);
            }
            return new NodeIdentity(kf.generatePublic(new X509EncodedKeySpec(x509)));
        } catch (NoSuchFileException e) {
            KeyPair kp = generate();
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(keyFile.toAbsolutePath().getParent(), ".node-key", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(v2Pkcs8(kp)));
                ch.force(true);
            }
            Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            return new NodeIdentity(kp.getPublic());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("node key " + keyFile + " is not an Ed25519 PKCS#8 key: " + e.getMessage(), e);
        }
    }

    private static byte[] v2Pkcs8(KeyPair kp) {
        // Java encodes v1 PKCS#8 (no public key); store seed + public key so the peer ID can be rebuilt.
        byte[] v1 = kp.getPrivate().getEncoded();
        byte[] seed = Arrays.copyOfRange(v1, v1.length - 32, v1.length);
        byte[] x509 = kp.getPublic().getEncoded();
        byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        byte[] head = {0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
        byte[] pubHead = {(byte) 0x81, 0x21, 0x00};
        ByteBuffer out = ByteBuffer.allocate(head.length + 32 + pubHead.length + 32);
        out.put(head).put(seed).put(pubHead).put(pub);
        return out.array();
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519 (required since Java 15)", e);
        }
    }

    public String peerId() {
        return peerId;
    }

    /** The multiaddr of an HTTP(S) base URL, e.g. {@code /ip4/127.0.0.1/tcp/8480/http}. */
    public static String multiaddr(URI url) {
        String host = url.getHost();
        String proto;
        if (host.startsWith("[") || host.contains(":")) {
            proto = "/ip6/" + host.replace("[", "").replace("]", "");
        } else if (host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            proto = "/ip4/" + host;
        } else {
            proto = "/dns/" + host;
        }
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : (https ? 443 : 80);
        return proto + "/tcp/" + port + (https ? "/tls/http" : "/http");
    }
}
