package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability group "paths": every §5 rule on every path-taking op, links out and to a
 * sibling home with a shared name prefix, links swapped in during transfers, FIFOs and
 * devices; afterwards, nothing outside alice's home has changed.
 */
class PathAttackTest {
    @TempDir
    Path root;
    Path data;
    Path outside;
    TestServer server;
    Map<String, String> before;
    static final ReliabilityReport report = new ReliabilityReport("Paths");

    @BeforeEach
    void start() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        server = TestServer.start(data);
        Path home = server.home("alice");
        Files.createDirectories(data.resolve("homes/bob2"));
        Files.writeString(data.resolve("homes/bob2/b2.txt"), "bob2");
        Files.writeString(server.home("bob").resolve("b.txt"), "bob");
        Files.createSymbolicLink(home.resolve("to-outside"), outside);
        Files.createSymbolicLink(home.resolve("to-bob"), Path.of("../bob"));
        Files.createSymbolicLink(home.resolve("to-bob2"), Path.of("../bob2"));
        Files.createSymbolicLink(home.resolve("to-secret"), outside.resolve("secret.txt"));
        Files.createDirectories(home.resolve("real"));
        Files.writeString(home.resolve("real/ok.txt"), "ok");
        before = snapshotOutsideAlice();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        Map<String, String> after = snapshotOutsideAlice();
        assertEquals(before, after, "something outside alice's home changed");
        report.add("files touched outside the home", 0);
    }

    @AfterAll
    static void write() {
        report.write();
    }

    /** Every file outside alice's home (and the partials), with its content. */
    private Map<String, String> snapshotOutsideAlice() throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path aliceHome = server.home("alice");
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                if (p.startsWith(aliceHome) || p.startsWith(data.resolve("partials")) || p.equals(data.resolve("users.lock"))) {
                    continue;
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(root.relativize(p).toString(), RawClient.sha256(Files.readAllBytes(p)));
                } else {
                    files.put(root.relativize(p).toString(), Files.isSymbolicLink(p) ? "link" : "dir");
                }
            }
        }
        return files;
    }

    /** Each op that takes a path, as a request builder. */
    private static List<Map.Entry<String, Function<String, Request>>> ops() {
        return List.of(
                Map.entry("list", ListFilesOp::of),
                Map.entry("stat", Request.Stat::new),
                Map.entry("download", p -> new Request.Download(p, 0)),
                Map.entry("upload", p -> new Request.Upload(p, 1, true, true, null)),
                Map.entry("mkdir", Request.Mkdir::new),
                Map.entry("delete", p -> new Request.Delete(p, true)),
                Map.entry("rename-from", p -> new Request.Rename(p, "renamed", true)),
                Map.entry("rename-to", p -> new Request.Rename("real/ok.txt", p, true)));
    }

    private static final class ListFilesOp {
        static Request of(String p) {
            return new Request.ListFiles(p);
        }
    }

    @Test
    void everyRuleOnEveryPathTakingOp() throws Exception {
        Map<String, ErrorCode> attacks = new TreeMap<>();
        attacks.put("..", ErrorCode.INVALID_PATH);
        attacks.put("../bob/b.txt", ErrorCode.INVALID_PATH);
        attacks.put("real/../../bob", ErrorCode.INVALID_PATH);
        attacks.put("a\u0000b", ErrorCode.INVALID_PATH);
        attacks.put("a\u001fb", ErrorCode.INVALID_PATH);
        attacks.put("a\u007fb", ErrorCode.INVALID_PATH);
        attacks.put("a\u0085b", ErrorCode.INVALID_PATH);
        attacks.put("..\\bob", ErrorCode.INVALID_PATH);
        attacks.put("x".repeat(256), ErrorCode.INVALID_PATH);
        attacks.put(("y".repeat(200) + "/").repeat(21), ErrorCode.INVALID_PATH);
        attacks.put("to-outside", ErrorCode.FORBIDDEN);
        attacks.put("to-outside/secret.txt", ErrorCode.FORBIDDEN);
        attacks.put("to-outside/new.txt", ErrorCode.FORBIDDEN);
        attacks.put("to-bob/b.txt", ErrorCode.FORBIDDEN);
        attacks.put("to-bob2/b2.txt", ErrorCode.FORBIDDEN);
        attacks.put("to-secret", ErrorCode.FORBIDDEN);
        int tried = 0;
        List<String> wrong = new ArrayList<>();
        try (RawClient alice = server.alice()) {
            for (Map.Entry<String, ErrorCode> attack : attacks.entrySet()) {
                for (Map.Entry<String, Function<String, Request>> op : ops()) {
                    Response r = alice.request(op.getValue().apply(attack.getKey()), Response.Ok.class);
                    tried++;
                    if (!(r instanceof Response.Error e) || e.code() != attack.getValue()) {
                        wrong.add(op.getKey() + " " + RawClientNames.shown(attack.getKey()) + " -> " + r);
                    }
                }
            }
            alice.ok(new Request.Usage(), Response.UsageOk.class);
        }
        report.add("path attacks tried", tried);
        report.add("path attacks answered wrongly", wrong.size());
        assertEquals(List.of(), wrong);
    }

    @Test
    void directorySwappedForALinkBeforeCommitIsRefusedAndWritesNothingOutside() throws Exception {
        Path home = server.home("alice");
        Files.createDirectories(home.resolve("drop"));
        try (RawClient alice = server.alice()) {
            alice.ok(new Request.Upload("drop/f.txt", 3, true, true, null), Response.UploadOk.class);
            alice.sendRaw(new byte[] {1, 2, 3});
            Files.delete(home.resolve("drop"));
            Files.createSymbolicLink(home.resolve("drop"), outside); // swapped in mid-transfer
            alice.error(new Request.Commit(RawClient.sha256(new byte[] {1, 2, 3})), ErrorCode.FORBIDDEN);
            report.increment("path attacks tried");
        }
        assertFalse(Files.exists(outside.resolve("f.txt")));
    }

    @Test
    void fileSwappedForALinkDuringADownloadKeepsServingTheOriginalBytes() throws Exception {
        Path home = server.home("alice");
        byte[] content = UploadTest.random(4 * 1024 * 1024, 77);
        Files.write(home.resolve("big.bin"), content);
        try (RawClient alice = server.alice()) {
            Response.DownloadOk ok = alice.ok(new Request.Download("big.bin", 0), Response.DownloadOk.class);
            byte[] got = new byte[content.length];
            alice.reader.readFully(got, 0, 1000);
            Files.delete(home.resolve("big.bin"));
            Files.createSymbolicLink(home.resolve("big.bin"), outside.resolve("secret.txt"));
            alice.reader.readFully(got, 1000, content.length - 1000);
            assertArrayEquals(content, got);
            assertEquals(RawClient.sha256(content), ok.sha256());
            alice.error(new Request.Download("big.bin", 0), ErrorCode.FORBIDDEN);
            report.add("path attacks tried", 2);
        }
    }

    @Test
    void fifosAndDevicesAreNeverOpened() throws Exception {
        Path home = server.home("alice");
        run("mkfifo", home.resolve("fifo").toString());
        boolean device = run("mknod", home.resolve("null-dev").toString(), "c", "1", "3");
        try (RawClient alice = server.alice()) {
            for (String name : device ? List.of("fifo", "null-dev") : List.of("fifo")) {
                for (Map.Entry<String, Function<String, Request>> op : ops()) {
                    if (op.getKey().equals("rename-to")) {
                        continue; // overwriting is covered by the FORBIDDEN on the target's type below
                    }
                    Response r = alice.request(op.getValue().apply(name), Response.Ok.class);
                    RawClient.expectError(r, ErrorCode.FORBIDDEN);
                    report.increment("path attacks tried");
                }
            }
        }
        report.figure("device node test", device ? "ran" : "skipped (mknod not permitted)");
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void nfdAndNfcSpellingsReachTheSameFileAndNothingElse() throws Exception {
        try (RawClient alice = server.alice()) {
            alice.uploadOk("re\u0301sume\u0301.txt", new byte[] {1});
            assertArrayEquals(new byte[] {1}, alice.download("r\u00e9sum\u00e9.txt"));
            alice.error(new Request.Upload("r\u00e9sum\u00e9.txt", 1, false, true, null), ErrorCode.EXISTS);
            report.add("path attacks tried", 2);
        }
    }

    /** Control characters shown as escapes in failure messages. */
    private static final class RawClientNames {
        static String shown(String name) {
            return dev.ferry.protocol.RemotePath.printable(name.length() > 40 ? name.substring(0, 40) + "..." : name);
        }
    }
}
