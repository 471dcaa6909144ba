package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JIT policy {@code bin/ftp-client} picks per command line: C1 alone where C2's compiles
 * cost more than they save, C2 for SHA-256 where the bytes to hash make it pay, and C1 alone
 * for every command when the client hashes with OpenSSL.
 */
class LauncherOptionsTest {
    private static final String C1_ALONE = "-XX:TieredStopAtLevel=1";
    private static final String C2_FOR_SHA = "MaxNodeLimit,sun/security/provider/*.*,80000";
    @TempDir
    Path dir;

    /** The options where the client hashes with the JDK's SHA-256 (a JDK before 22, or no OpenSSL 3). */
    private static String optionsFor(String... args) throws Exception {
        return CommonScript.run("ferry_client_hashes_with_openssl() { return 1; }; ferry_client_jvm_opts \"$@\"", args);
    }

    private static String optionsWithOpenSslFor(String... args) throws Exception {
        return CommonScript.run("ferry_client_hashes_with_openssl() { return 0; }; ferry_client_jvm_opts \"$@\"", args);
    }

    private Path sparseFile(String name, long size) throws Exception {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    @Test
    void commandsThatMoveNoFileDataRunUnderC1Alone() throws Exception {
        assertTrue(optionsFor("-H", "files.example.com", "list", "docs").contains(C1_ALONE));
        assertTrue(optionsFor("stat", "a.txt").contains(C1_ALONE));
    }

    @Test
    void aDownloadAlwaysGetsC2ForItsHash() throws Exception {
        String options = optionsFor("download", "-r", "backups", dir.toString());
        assertTrue(options.contains(C2_FOR_SHA), options);
    }

    @Test
    void anUploadOfAFewSmallFilesRunsUnderC1Alone() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        for (int i = 0; i < 100; i++) {
            Files.write(tree.resolve("f" + i), new byte[4096]);
        }
        Path one = sparseFile("one.bin", 4L << 20);
        assertTrue(optionsFor("upload", "-r", tree.toString(), one.toString(), "remote/").contains(C1_ALONE));
    }

    @Test
    void anUploadOverEightMebibytesInAllGetsC2() throws Exception {
        Path big = sparseFile("big.bin", (8L << 20) + 1);
        String options = optionsFor("-q", "upload", big.toString());
        assertTrue(options.contains(C2_FOR_SHA), options);

        Path tree = Files.createDirectories(dir.resolve("tree"));
        sparseFile("tree/a.bin", 5L << 20);
        sparseFile("tree/b.bin", 5L << 20);
        options = optionsFor("upload", "-r", tree.toString());
        assertTrue(options.contains(C2_FOR_SHA), options);
    }

    @Test
    void withOpenSslEveryTransferRunsUnderC1Alone() throws Exception {
        assertTrue(optionsWithOpenSslFor("download", "-r", "backups", dir.toString()).contains(C1_ALONE));
        Path big = sparseFile("big.bin", 1L << 30);
        String options = optionsWithOpenSslFor("upload", big.toString());
        assertTrue(options.contains(C1_ALONE) && !options.contains(C2_FOR_SHA), options);
    }

    /** The engine is recorded per build and JDK; another JDK than the one recorded must not get C1 alone. */
    @Test
    void openSslCountsOnlyForTheJdkItWasFoundWith() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root/ftp-client/target"));
        Path jar = Files.writeString(root.resolve("ftp-client.jar"), "");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        String check = "FERRY_ROOT=" + dir.resolve("root") + "; FERRY_JAVA_HOME=; ferry_find_java jre; "
                + "if ferry_client_hashes_with_openssl; then echo yes; else echo no; fi";
        Files.writeString(root.resolve("ftp-client.jar.sha256"), "openssl " + CommonScript.run(
                "ferry_find_java jre; echo \"$FERRY_JAVA_HOME\"").strip() + "\n");
        assertEquals("yes", CommonScript.run(check).strip());
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertEquals("no", CommonScript.run(check).strip(), "a jar rebuilt after the record");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(root.resolve("ftp-client.jar.sha256"), "openssl /opt/some-other-jdk\n");
        assertEquals("no", CommonScript.run(check).strip());
        Files.writeString(root.resolve("ftp-client.jar.sha256"), "jdk " + CommonScript.run(
                "ferry_find_java jre; echo \"$FERRY_JAVA_HOME\"").strip() + "\n");
        assertEquals("no", CommonScript.run(check).strip());
        Files.delete(root.resolve("ftp-client.jar.sha256"));
        assertEquals("no", CommonScript.run(check).strip());
    }

    @Test
    void onlyARecursiveTransferReplaysTheTrainingsCompiles() throws Exception {
        assertTrue(replaysTraining("-H", "h", "download", "-r", "backups", dir.toString()));
        assertTrue(replaysTraining("download", "backups", "--recursive", "."));
        assertTrue(replaysTraining("upload", "-r", dir.toString(), "backups"));
        assertFalse(replaysTraining("download", "big.bin", "."));
        assertFalse(replaysTraining("upload", "big.bin"));
        assertFalse(replaysTraining("list", "-r"));
    }

    private static boolean replaysTraining(String... args) throws Exception {
        String out = CommonScript.run("if ferry_client_replays_training \"$@\"; then echo yes; else echo no; fi", args).strip();
        return switch (out) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new AssertionError("unexpected output: " + out);
        };
    }
}
