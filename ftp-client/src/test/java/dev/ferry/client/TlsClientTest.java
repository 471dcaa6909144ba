package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI against a TLS server: --tls round trip, and a clear hint when it is forgotten. */
class TlsClientTest {
    @TempDir
    Path dir;
    ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture(dir, true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A small body and one large enough for the hashing thread. */
    @ParameterizedTest
    @ValueSource(ints = {700_000, 7_000_000})
    void uploadAndDownloadOverTlsRoundTrip(int size) throws Exception {
        byte[] content = ClientCommandsTest.random(size, 9);
        Path file = Files.write(dir.resolve("over-tls.bin"), content);
        Cli.Result up = server.cli("--tls", "upload", file.toString());
        assertEquals(0, up.exit(), up.toString());
        Path back = Files.createDirectories(dir.resolve("back"));
        Cli.Result down = server.cli("--tls", "download", "over-tls.bin", back.toString());
        assertEquals(0, down.exit(), down.toString());
        assertArrayEquals(content, Files.readAllBytes(back.resolve("over-tls.bin")));
    }

    @Test
    void forgettingTlsIsAConnectionErrorThatSaysWhatToDo() {
        Cli.Result r = server.cli("list");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("--tls"), r.err());
    }
}
