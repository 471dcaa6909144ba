package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.Entry;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FileType;
import dev.ferry.protocol.Listing;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationsTest extends AliceSessionTest {
    private List<Entry> list(String path) throws Exception {
        Response.ListOk ok = alice.ok(new Request.ListFiles(path), Response.ListOk.class);
        byte[] body = new byte[(int) ok.size()];
        alice.reader.readFully(body, 0, body.length);
        return Listing.decode(body, ok.count());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsFilesAndDirectoriesSortedByCodePoint() throws Exception {
        alice.uploadOk("b.txt", bytes("bb"));
        alice.uploadOk("a.txt", bytes("a"));
        alice.uploadOk("\uD83D\uDE00.txt", bytes("emoji")); // U+1F600 sorts after U+FFFD in code points
        alice.uploadOk("\uFFFC.txt", bytes("x"));
        alice.ok(new Request.Mkdir("dir"), Response.MkdirOk.class);
        List<Entry> entries = list("");
        assertEquals(List.of("a.txt", "b.txt", "dir", "\uFFFC.txt", "\uD83D\uDE00.txt"), entries.stream().map(Entry::name).toList());
        assertEquals(FileType.DIRECTORY, entries.get(2).type());
        assertEquals(0, entries.get(2).size());
        assertEquals(2, entries.get(1).size());
    }

    @Test
    void listOfAFileListsThatOneEntry() throws Exception {
        alice.uploadOk("d/f.txt", bytes("hello"));
        List<Entry> entries = list("d/f.txt");
        assertEquals(1, entries.size());
        assertEquals("f.txt", entries.get(0).name());
        assertEquals(5, entries.get(0).size());
    }

    @Test
    void listOfAMissingPathIsNotFound() throws Exception {
        alice.error(new Request.ListFiles("nope"), ErrorCode.NOT_FOUND);
    }

    @Test
    void statOfAnUploadedFileCarriesItsHash() throws Exception {
        alice.uploadOk("f.txt", bytes("hello"));
        Response.StatOk stat = alice.ok(new Request.Stat("/f.txt"), Response.StatOk.class);
        assertEquals("f.txt", stat.name());
        assertEquals(FileType.FILE, stat.type());
        assertEquals(5, stat.size());
        assertEquals(RawClient.sha256(bytes("hello")), stat.sha256());
    }

    @Test
    void statOfTheHomeHasAnEmptyName() throws Exception {
        Response.StatOk stat = alice.ok(new Request.Stat(""), Response.StatOk.class);
        assertEquals("", stat.name());
        assertEquals(FileType.DIRECTORY, stat.type());
        assertNull(stat.sha256());
    }

    @Test
    void mkdirCreatesParentsAndReportsWhetherItCreated() throws Exception {
        assertTrue(alice.ok(new Request.Mkdir("a/b/c"), Response.MkdirOk.class).created());
        assertFalse(alice.ok(new Request.Mkdir("a/b/c"), Response.MkdirOk.class).created());
        assertFalse(alice.ok(new Request.Mkdir(""), Response.MkdirOk.class).created());
        assertTrue(Files.isDirectory(server.home("alice").resolve("a/b/c")));
    }

    @Test
    void mkdirOverAFileIsExistsAndThroughAFileIsNotADirectory() throws Exception {
        alice.uploadOk("f", bytes("x"));
        alice.error(new Request.Mkdir("f"), ErrorCode.EXISTS);
        alice.error(new Request.Mkdir("f/sub"), ErrorCode.NOT_A_DIRECTORY);
    }

    @Test
    void deleteRemovesAFile() throws Exception {
        alice.uploadOk("f", bytes("x"));
        alice.ok(new Request.Delete("f", false), Response.Ok.class);
        assertFalse(Files.exists(server.home("alice").resolve("f")));
        alice.error(new Request.Delete("f", false), ErrorCode.NOT_FOUND);
    }

    @Test
    void deleteOfANonEmptyDirectoryNeedsRecursive() throws Exception {
        alice.uploadOk("d/e/f", bytes("x"));
        alice.error(new Request.Delete("d", false), ErrorCode.NOT_EMPTY);
        alice.ok(new Request.Delete("d", true), Response.Ok.class);
        assertFalse(Files.exists(server.home("alice").resolve("d")));
    }

    @Test
    void deleteOfTheHomeIsForbidden() throws Exception {
        alice.error(new Request.Delete("", true), ErrorCode.FORBIDDEN);
        alice.error(new Request.Delete("/", false), ErrorCode.FORBIDDEN);
    }

    @Test
    void renameMovesAndCreatesParents() throws Exception {
        alice.uploadOk("a", bytes("A"));
        alice.ok(new Request.Rename("a", "x/y/b", false), Response.Ok.class);
        assertArrayEquals(bytes("A"), alice.download("x/y/b"));
        alice.error(new Request.Stat("a"), ErrorCode.NOT_FOUND);
    }

    @Test
    void renameOntoAnExistingFileNeedsOverwrite() throws Exception {
        alice.uploadOk("a", bytes("A"));
        alice.uploadOk("b", bytes("B"));
        alice.error(new Request.Rename("a", "b", false), ErrorCode.EXISTS);
        alice.ok(new Request.Rename("a", "b", true), Response.Ok.class);
        assertArrayEquals(bytes("A"), alice.download("b"));
    }

    @Test
    void renameOntoADirectoryIsExists() throws Exception {
        alice.uploadOk("a", bytes("A"));
        alice.ok(new Request.Mkdir("d"), Response.MkdirOk.class);
        alice.error(new Request.Rename("a", "d", true), ErrorCode.EXISTS);
    }

    @Test
    void aDirectoryNeverReplacesAFile() throws Exception {
        alice.ok(new Request.Mkdir("d"), Response.MkdirOk.class);
        alice.uploadOk("f", bytes("F"));
        alice.error(new Request.Rename("d", "f", true), ErrorCode.EXISTS);
    }

    @Test
    void renameIntoItselfIsBadRequest() throws Exception {
        alice.ok(new Request.Mkdir("d"), Response.MkdirOk.class);
        alice.error(new Request.Rename("d", "d/inner", false), ErrorCode.BAD_REQUEST);
    }

    @Test
    void renameOfAFileBelowItselfIsNotADirectory() throws Exception {
        alice.uploadOk("p", bytes("P"));
        alice.error(new Request.Rename("p", "p/x", false), ErrorCode.NOT_A_DIRECTORY);
    }

    @Test
    void renameToItselfIsANoOp() throws Exception {
        alice.uploadOk("p", bytes("P"));
        alice.ok(new Request.Rename("p", "/p/", false), Response.Ok.class);
        assertArrayEquals(bytes("P"), alice.download("p"));
    }

    @Test
    void renameOfOrOntoTheHomeIsForbidden() throws Exception {
        alice.uploadOk("p", bytes("P"));
        alice.error(new Request.Rename("", "x", false), ErrorCode.FORBIDDEN);
        alice.error(new Request.Rename("p", "/", true), ErrorCode.FORBIDDEN);
    }

    @Test
    void renameOfAMissingFileIsNotFound() throws Exception {
        alice.error(new Request.Rename("ghost", "x", false), ErrorCode.NOT_FOUND);
    }

    @Test
    void usageCountsFilesAndBytes() throws Exception {
        alice.uploadOk("a", new byte[100]);
        alice.uploadOk("d/b", new byte[23]);
        Response.UsageOk usage = alice.ok(new Request.Usage(), Response.UsageOk.class);
        assertEquals("alice", usage.user());
        assertEquals(123, usage.bytes());
        assertEquals(2, usage.files());
        assertNull(usage.quotaBytes());
    }

    @Test
    void readOnlyUserCanReadButNotWrite() throws Exception {
        alice.uploadOk("x", bytes("x")); // alice's file, not the reader's home
        Files.writeString(server.home("reader").resolve("r.txt"), "readable");
        try (RawClient reader = server.login(TestServer.READER, TestServer.READER_PASSWORD)) {
            assertArrayEquals(bytes("readable"), reader.download("r.txt"));
            reader.ok(new Request.Stat("r.txt"), Response.StatOk.class);
            reader.error(new Request.Upload("new", 1, false, true, null), ErrorCode.FORBIDDEN);
            reader.error(new Request.Mkdir("d"), ErrorCode.FORBIDDEN);
            reader.error(new Request.Delete("r.txt", false), ErrorCode.FORBIDDEN);
            reader.error(new Request.Rename("r.txt", "s.txt", false), ErrorCode.FORBIDDEN);
            assertTrue(Files.exists(server.home("reader").resolve("r.txt")));
        }
    }

    @Test
    void commitWithoutUploadIsBadRequestAndTheSessionGoesOn() throws Exception {
        alice.error(new Request.Commit("0".repeat(64)), ErrorCode.BAD_REQUEST);
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @Test
    void wrongFieldTypeIsBadRequestAndTheSessionGoesOn() throws Exception {
        alice.sendJson("{\"op\":\"stat\",\"path\":5}");
        alice.readError(ErrorCode.BAD_REQUEST);
        alice.sendJson("{\"op\":\"no-such-op\"}");
        alice.readError(ErrorCode.BAD_REQUEST);
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        alice.sendRaw(concat(RawClient.encode(new Request.Mkdir("p")), RawClient.encode(new Request.Stat("p")),
                RawClient.encode(new Request.Usage())));
        assertTrue(((Response.MkdirOk) alice.read(Response.MkdirOk.class)).created());
        assertEquals(FileType.DIRECTORY, ((Response.StatOk) alice.read(Response.StatOk.class)).type());
        alice.read(Response.UsageOk.class);
    }

    @Test
    void byeIsAnsweredThenTheServerCloses() throws Exception {
        alice.ok(new Request.Bye(), Response.Ok.class);
        assertTrue(alice.isClosedByServer());
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
