package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ChannelBinding;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Scram;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md §7: TLS 1.3 with logins bound to the server's certificate, no downgrade. */
class TlsTest {
    @TempDir
    Path data;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.withTls(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A TLS socket as the real client makes it: the binding decides, not a CA. */
    private SSLSocket tls() throws Exception {
        return ChannelBinding.connect(new Socket(InetAddress.getLoopbackAddress(), server.port()), "127.0.0.1");
    }

    private static byte[] bindingOf(SSLSocket socket) throws Exception {
        return ChannelBinding.of(socket);
    }

    @Test
    void boundLoginWorksAndTransfersGoThroughTls() throws Exception {
        SSLSocket socket = tls();
        assertEquals("TLSv1.3", socket.getSession().getProtocol());
        try (RawClient c = new RawClient(socket)) {
            c.login("alice", TestServer.ALICE_PASSWORD, bindingOf(socket));
            byte[] content = UploadTest.random(3_000_000, 5);
            c.uploadOk("secret.bin", content);
            assertArrayEquals(content, c.download("secret.bin"));
        }
    }

    @Test
    void theCertificateIsMadeOnceAndKeptOwnerOnly() throws Exception {
        Path store = data.resolve("tls/server.p12");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        byte[] first;
        SSLSocket socket = tls();
        first = bindingOf(socket);
        socket.close();
        server.close();
        server = TestServer.withTls(data);
        SSLSocket again = tls();
        assertArrayEquals(first, bindingOf(again), "same identity after a restart, like an SSH host key");
        again.close();
    }

    @Test
    void aLoginBoundToAnotherCertificateFailsAsAManInTheMiddleWould() throws Exception {
        SSLSocket socket = tls();
        try (RawClient c = new RawClient(socket)) {
            byte[] wrong = Scram.sha256("the middle-man's certificate".getBytes());
            assertEquals(ErrorCode.AUTH_FAILED,
                    assertThrows(ProtocolException.class, () -> c.login("alice", TestServer.ALICE_PASSWORD, wrong)).code());
        }
    }

    @Test
    void helloWithoutChannelBindingIsRefusedSoThereIsNoDowngrade() throws Exception {
        try (RawClient c = new RawClient(tls())) {
            c.error(new Request.Hello(1, "alice", Scram.newNonce(), null, null), ErrorCode.AUTH_FAILED);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void plainTcpClientGetsNoFrames() throws Exception {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            plain.setSoTimeout(20_000);
            plain.getOutputStream().write(RawClient.encode(new Request.Hello(1, "alice", Scram.newNonce(), null, null)));
            byte[] head = plain.getInputStream().readNBytes(1);
            assertTrue(head.length == 0 || head[0] == 0x15, "end of stream or a TLS alert, never a frame");
        }
    }
}
