package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.Entry;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Listing;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every path-taking op with its escape twin: nothing outside the home is read, written, listed or revealed. */
class PathSafetyTest extends AliceSessionTest {
    @TempDir
    Path outside;
    Path home;

    @BeforeEach
    void plantLinksAndNeighbours() throws Exception {
        home = server.home("alice");
        Files.writeString(outside.resolve("secret.txt"), "outside secret");
        Files.writeString(server.home("bob").resolve("bob.txt"), "bob's");
        Files.createDirectories(data.resolve("homes/bob2"));
        Files.writeString(data.resolve("homes/bob2/x.txt"), "bob2's");
        Files.createSymbolicLink(home.resolve("out-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(home.resolve("out-dir"), outside);
        Files.createSymbolicLink(home.resolve("sibling"), Path.of("../bob"));
        Files.createSymbolicLink(home.resolve("sibling2"), server.home("bob").resolveSibling("bob2"));
        Files.writeString(home.resolve("inside.txt"), "mine");
        Files.createSymbolicLink(home.resolve("in-link"), home.resolve("inside.txt"));
    }

    @AfterEach
    void nothingOutsideChanged() throws Exception {
        assertEquals("outside secret", Files.readString(outside.resolve("secret.txt")));
        assertEquals(List.of(outside.resolve("secret.txt")), Files.list(outside).toList());
        assertEquals("bob's", Files.readString(server.home("bob").resolve("bob.txt")));
    }

    private List<Entry> list(String path) throws Exception {
        Response.ListOk ok = alice.ok(new Request.ListFiles(path), Response.ListOk.class);
        byte[] body = new byte[(int) ok.size()];
        alice.reader.readFully(body, 0, body.length);
        return Listing.decode(body, ok.count());
    }

    @Test
    void dotDotIsInvalidPathForEveryOp() throws Exception {
        String escape = "../bob/bob.txt";
        alice.error(new Request.ListFiles(".."), ErrorCode.INVALID_PATH);
        alice.error(new Request.Stat(escape), ErrorCode.INVALID_PATH);
        alice.error(new Request.Download(escape, 0), ErrorCode.INVALID_PATH);
        alice.error(new Request.Upload(escape, 1, true, true, null), ErrorCode.INVALID_PATH);
        alice.error(new Request.Mkdir("../x"), ErrorCode.INVALID_PATH);
        alice.error(new Request.Delete(escape, true), ErrorCode.INVALID_PATH);
        alice.error(new Request.Rename("inside.txt", escape, true), ErrorCode.INVALID_PATH);
        alice.error(new Request.Rename(escape, "stolen", true), ErrorCode.INVALID_PATH);
    }

    @Test
    void absolutePathsStayInsideTheHome() throws Exception {
        alice.error(new Request.Stat("/etc/passwd"), ErrorCode.NOT_FOUND);
        assertArrayEquals("mine".getBytes(StandardCharsets.UTF_8), alice.download("/inside.txt"));
    }

    @Test
    void controlCharactersAndBackslashesAreInvalidPath() throws Exception {
        alice.error(new Request.Stat("a\u0000b"), ErrorCode.INVALID_PATH);
        alice.error(new Request.Upload("a\nb", 1, false, true, null), ErrorCode.INVALID_PATH);
        alice.error(new Request.Mkdir("..\\..\\x"), ErrorCode.INVALID_PATH);
    }

    @Test
    void nameTooLongForTheFileSystemIsInvalidPath() throws Exception {
        // 85 three-byte characters = 255 bytes: legal for the protocol; ext4 allows 255 bytes, so go through 2 segments
        alice.error(new Request.Upload("a".repeat(255) + "/" + "b".repeat(256), 1, false, true, null), ErrorCode.INVALID_PATH);
    }

    @Test
    void linksAreNotListed() throws Exception {
        List<String> names = list("").stream().map(Entry::name).toList();
        assertEquals(List.of("inside.txt"), names);
    }

    @Test
    void everyOpOnALinkIsForbidden() throws Exception {
        for (String link : List.of("out-file", "out-dir", "sibling", "sibling2", "in-link")) {
            alice.error(new Request.Stat(link), ErrorCode.FORBIDDEN);
            alice.error(new Request.Download(link, 0), ErrorCode.FORBIDDEN);
            alice.error(new Request.ListFiles(link), ErrorCode.FORBIDDEN);
            alice.error(new Request.Upload(link, 1, true, true, null), ErrorCode.FORBIDDEN);
            alice.error(new Request.Delete(link, true), ErrorCode.FORBIDDEN);
            alice.error(new Request.Rename(link, "renamed", true), ErrorCode.FORBIDDEN);
            alice.error(new Request.Rename("inside.txt", link, true), ErrorCode.FORBIDDEN);
            alice.error(new Request.Mkdir(link), ErrorCode.FORBIDDEN);
        }
        assertTrue(Files.isSymbolicLink(home.resolve("in-link")), "the link itself is untouched too");
    }

    @Test
    void everyOpThroughALinkedDirectoryIsForbidden() throws Exception {
        for (String through : List.of("out-dir/secret.txt", "sibling/bob.txt", "sibling2/x.txt", "out-dir/new")) {
            alice.error(new Request.Stat(through), ErrorCode.FORBIDDEN);
            alice.error(new Request.Download(through, 0), ErrorCode.FORBIDDEN);
            alice.error(new Request.Upload(through, 1, true, true, null), ErrorCode.FORBIDDEN);
            alice.error(new Request.Delete(through, false), ErrorCode.FORBIDDEN);
            alice.error(new Request.Mkdir(through + "/d"), ErrorCode.FORBIDDEN);
            alice.error(new Request.Rename("inside.txt", through, true), ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void recursiveDeleteUnlinksLinksWithoutTouchingTheirTargets() throws Exception {
        Path tree = home.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.createSymbolicLink(tree.resolve("sub/to-outside"), outside);
        Files.createSymbolicLink(tree.resolve("to-bob"), server.home("bob"));
        Files.writeString(tree.resolve("sub/f"), "f");
        alice.ok(new Request.Delete("tree", true), Response.Ok.class);
        assertFalse(Files.exists(home.resolve("tree"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        // targets verified in stop()
    }

    @Test
    void fifoInTheHomeIsNeitherListedNorOpened() throws Exception {
        Path fifo = home.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        assertFalse(list("").stream().anyMatch(e -> e.name().equals("pipe")));
        alice.error(new Request.Download("pipe", 0), ErrorCode.FORBIDDEN);
        alice.error(new Request.Stat("pipe"), ErrorCode.FORBIDDEN);
        alice.error(new Request.Upload("pipe", 1, true, true, null), ErrorCode.FORBIDDEN);
    }

    @Test
    void errorMessagesNeverRevealServerPaths() throws Exception {
        String dataDir = data.toString();
        for (Request r : List.of(new Request.Stat("nope"), new Request.Download("out-dir/secret.txt", 0),
                new Request.ListFiles("nope/deeper"), new Request.Delete("nope", false), new Request.Rename("nope", "x", false))) {
            Response.Error e = (Response.Error) alice.request(r, Response.Ok.class);
            assertFalse(e.message().contains(dataDir), e.message());
            assertFalse(e.message().contains(outside.toString()), e.message());
        }
    }

    @Test
    void nfdAndNfcNamesMeanTheSameFile() throws Exception {
        alice.uploadOk("caf\u00e9.txt", new byte[] {1});
        assertArrayEquals(new byte[] {1}, alice.download("cafe\u0301.txt"));
    }

    @Test
    void aUserCannotSeeAnotherUsersFiles() throws Exception {
        alice.error(new Request.Stat("bob.txt"), ErrorCode.NOT_FOUND);
        try (RawClient bob = server.login(TestServer.BOB, TestServer.BOB_PASSWORD)) {
            assertArrayEquals("bob's".getBytes(StandardCharsets.UTF_8), bob.download("bob.txt"));
            bob.error(new Request.Stat("inside.txt"), ErrorCode.NOT_FOUND);
        }
    }
}
