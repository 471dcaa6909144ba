package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownloadTest extends AliceSessionTest {
    @Test
    void downloadFromAnOffsetSendsTheRestAndTheWholeFileHash() throws Exception {
        byte[] content = UploadTest.random(100_000, 7);
        alice.uploadOk("f", content);
        Response.DownloadOk ok = alice.ok(new Request.Download("f", 40_000), Response.DownloadOk.class);
        assertEquals(content.length, ok.size());
        assertEquals(RawClient.sha256(content), ok.sha256());
        byte[] rest = new byte[60_000];
        alice.reader.readFully(rest, 0, rest.length);
        assertArrayEquals(Arrays.copyOfRange(content, 40_000, content.length), rest);
        alice.ok(new Request.Usage(), Response.UsageOk.class); // the stream is in step
    }

    @Test
    void offsetEqualToSizeSendsNoBytes() throws Exception {
        alice.uploadOk("f", new byte[] {1, 2, 3});
        alice.ok(new Request.Download("f", 3), Response.DownloadOk.class);
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @Test
    void offsetPastTheEndIsBadRequest() throws Exception {
        alice.uploadOk("f", new byte[] {1, 2, 3});
        alice.error(new Request.Download("f", 4), ErrorCode.BAD_REQUEST);
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @Test
    void downloadOfADirectoryIsIsADirectory() throws Exception {
        alice.ok(new Request.Mkdir("d"), Response.MkdirOk.class);
        alice.error(new Request.Download("d", 0), ErrorCode.IS_A_DIRECTORY);
    }

    @Test
    void downloadOfAMissingFileIsNotFound() throws Exception {
        alice.error(new Request.Download("ghost", 0), ErrorCode.NOT_FOUND);
    }

    /** Up to 4 MiB the hash is computed on the connection's thread, above on a thread of its own. */
    @ParameterizedTest
    @ValueSource(ints = {5000, 5 * 1024 * 1024 + 3})
    void fileThatArrivedByOtherMeansIsHashedAndTheHashIsThenKnown(int size) throws Exception {
        byte[] content = UploadTest.random(size, 8);
        Files.write(server.home("alice").resolve("placed"), content);
        assertEquals(null, alice.ok(new Request.Stat("placed"), Response.StatOk.class).sha256());
        assertArrayEquals(content, alice.download("placed"));
        assertEquals(RawClient.sha256(content), alice.ok(new Request.Stat("placed"), Response.StatOk.class).sha256());
    }

    @Test
    void fileEditedInPlaceGetsAFreshHash() throws Exception {
        alice.uploadOk("f", new byte[] {1, 2, 3});
        Files.write(server.home("alice").resolve("f"), new byte[] {4, 5, 6, 7}); // same inode, new size
        assertArrayEquals(new byte[] {4, 5, 6, 7}, alice.download("f"));
    }

    @Test
    void fileReplacedMidDownloadKeepsServingTheOldBytesAndHash() throws Exception {
        byte[] old = UploadTest.random(8 * 1024 * 1024, 9);
        byte[] fresh = UploadTest.random(1024, 10);
        alice.uploadOk("f", old);
        Response.DownloadOk ok = alice.ok(new Request.Download("f", 0), Response.DownloadOk.class);
        byte[] got = new byte[old.length];
        alice.reader.readFully(got, 0, 4096); // the download is under way
        try (RawClient other = server.alice()) {
            Response r = other.upload("f", fresh, true); // replaced atomically meanwhile
            RawClient.expectNoError(r);
        }
        alice.reader.readFully(got, 4096, old.length - 4096);
        assertArrayEquals(old, got);
        assertEquals(RawClient.sha256(old), ok.sha256());
        assertArrayEquals(fresh, alice.download("f"));
    }
}
