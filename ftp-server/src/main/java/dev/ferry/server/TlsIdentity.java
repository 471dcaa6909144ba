package dev.ferry.server;

import dev.ferry.protocol.Scram;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The server's TLS identity (PROTOCOL.md §7): a self-signed certificate made on first start
 * and kept under {@code DATA/tls/}, like an SSH host key. Clients need no CA: SCRAM-SHA-256-PLUS
 * binds the login to this certificate ({@code tls-server-end-point}), so a machine in the
 * middle, which must present its own, cannot complete a login.
 */
final class TlsIdentity {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private final SSLContext context;
    private final byte[] channelBinding;

    private TlsIdentity(SSLContext context, byte[] channelBinding) {
        this.context = context;
        this.channelBinding = channelBinding;
    }

    /** The SHA-256 of the certificate's DER bytes: what both sides put in the AuthMessage. */
    byte[] channelBinding() {
        return channelBinding.clone();
    }

    static TlsIdentity loadOrCreate(Path dataDir, byte[] serverSecret) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("tls"));
        Path store = dir.resolve("server.p12");
        // The keystore password only guards the file at rest next to the secret it derives from: the
        // file's owner-only mode is the real protection (as for an SSH host key).
        char[] password = storePassword(serverSecret);
        if (!Files.exists(store)) {
            generate(store, password);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            Certificate certificate = keys.getCertificate("ferry");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), null, null);
            return new TlsIdentity(context, Scram.sha256(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the TLS identity in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static char[] storePassword(byte[] serverSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(serverSecret, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal("tls-keystore".getBytes(StandardCharsets.UTF_8))).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** keytool ships with every JDK and jlink'ed runtime; the JDK has no public API to sign a certificate. */
    private static void generate(Path store, char[] password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path temp = store.resolveSibling("server.p12.tmp");
        Files.deleteIfExists(temp);
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "ferry", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=ferry-server", "-validity", "36500",
                "-storetype", "PKCS12", "-keystore", temp.toString(), "-storepass", new String(password))
                .redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool could not create the TLS certificate: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the TLS certificate", e);
        }
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Durability.syncDirectory(store.getParent());
    }

    /** Wraps an accepted TCP socket in server-side TLS 1.3; the handshake runs on first use. */
    SSLSocket wrap(Socket tcp) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, null, tcp.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(PROTOCOLS);
        return tls;
    }
}
