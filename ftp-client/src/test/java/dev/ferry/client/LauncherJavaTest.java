package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JDK the launcher runs (common.sh's {@code ferry_find_java}): JAVA_HOME when it
 * qualifies, else the newest of the java on PATH and the usual install places, the java on
 * PATH followed through its links wherever they lead.
 */
class LauncherJavaTest {
    @TempDir
    Path dir;

    /** A JDK the launcher reads the version of from its release file, as it does for real ones. */
    private Path fakeJdk(String name, int version) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + ".0.1\"\n");
        return home;
    }

    private String found(String pathDirectory, String javaHome) throws Exception {
        return CommonScript.run("PATH=" + pathDirectory + ":$PATH; " + (javaHome == null ? "unset JAVA_HOME; " : "JAVA_HOME=" + javaHome + "; ")
                + "ferry_find_java jre; echo \"$FERRY_JAVA_HOME\"").strip();
    }

    @Test
    void aJavaOnPathReachedThroughLinksFromOutsideTheUsualPlacesIsFound() throws Exception {
        Path jdk = fakeJdk("jdks/newest", 99);
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("java-alternative"), jdk.resolve("bin/java"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), links.resolve("java-alternative"));
        assertEquals(jdk.toRealPath().toString(), found(bin.toString(), null));
    }

    @Test
    void aJavaOnPathThatIsNoLinkIsFound() throws Exception {
        Path jdk = fakeJdk("plain", 98);
        assertEquals(jdk.toString(), found(jdk.resolve("bin").toString(), null));
    }

    @Test
    void aQualifyingJavaHomeWinsOverANewerJavaOnPath() throws Exception {
        Path onPath = fakeJdk("on-path", 99);
        Path home = fakeJdk("home", 21);
        assertEquals(home.toString(), found(onPath.resolve("bin").toString(), home.toString()));
    }

    @Test
    void aJavaHomeTooOldIsPassedOver() throws Exception {
        Path onPath = fakeJdk("on-path", 99);
        Path home = fakeJdk("home", 17);
        assertEquals(onPath.toString(), found(onPath.resolve("bin").toString(), home.toString()));
    }
}
