package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's command line: user management, the config file, and what they write. */
class ServerCommandLineTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ServerMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void userAddWritesAnOwnerOnlyUsersFileWithoutThePassword() throws Exception {
        Run r = run("user", "add", "carol", "--generate", "--quota", "1000", "--data", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String password = r.out().lines().filter(l -> l.startsWith("password: ")).findFirst().orElseThrow().substring(10);
        Path users = dir.resolve("users");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertTrue(!Files.readString(users).contains(password), "only verifiers are stored");
        assertTrue(Files.isDirectory(dir.resolve("homes/carol")));
        Run list = run("user", "list", "--data", dir.toString());
        assertTrue(list.out().contains("carol\tread-write\tquota 1000 bytes"), list.out());
    }

    @Test
    void duplicateAndInvalidNamesAreRefused() {
        assertEquals(0, run("user", "add", "dave", "--generate", "--data", dir.toString()).exit());
        Run again = run("user", "add", "dave", "--generate", "--data", dir.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
        Run invalid = run("user", "add", "../evil", "--generate", "--data", dir.toString());
        assertEquals(1, invalid.exit());
        assertTrue(invalid.err().contains("not a valid user name"), invalid.err());
    }

    @Test
    void configFileSuppliesDefaultsAndTheCommandLineWins() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path config = Files.writeString(dir.resolve("ferry.properties"), "data=" + dir + "\n");
        assertEquals(0, run("user", "add", "erin", "--generate", "--config", config.toString()).exit());
        assertTrue(Files.readString(dir.resolve("users")).contains("erin:"), "the config file's data= was used");
        assertEquals(0, run("user", "add", "frank", "--generate", "--config", config.toString(), "--data", other.toString()).exit());
        assertTrue(Files.readString(other.resolve("users")).contains("frank:"), "the flag beat the file");
    }

    @Test
    void removeKeepsTheFiles() throws Exception {
        run("user", "add", "gina", "--generate", "--data", dir.toString());
        Files.writeString(dir.resolve("homes/gina/keep.txt"), "x");
        Run r = run("user", "remove", "gina", "--data", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(dir.resolve("homes/gina/keep.txt")));
        assertTrue(!Files.readString(dir.resolve("users")).contains("gina:"));
    }
}
