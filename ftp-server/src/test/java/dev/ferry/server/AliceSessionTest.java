package dev.ferry.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh server in a temporary data directory, with alice logged in, for each test. */
abstract class AliceSessionTest {
    @TempDir
    Path data;
    TestServer server;
    RawClient alice;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        alice = server.alice();
    }

    @AfterEach
    void stop() throws Exception {
        alice.close();
        server.close();
    }
}
