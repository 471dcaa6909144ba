package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every legal form next to its rejected twin (PROTOCOL.md §5). */
class RemotePathTest {

    private static ErrorCode codeOf(String raw) {
        return assertThrows(ProtocolException.class, () -> RemotePath.parse(raw)).code();
    }

    @Test
    void leadingTrailingEmptyAndDotSegmentsAreIgnored() throws Exception {
        assertEquals("a/b/c", RemotePath.parse("/a//./b/c/").toString());
    }

    @Test
    void emptyAndSlashNameTheHome() throws Exception {
        assertTrue(RemotePath.parse("").isHome());
        assertTrue(RemotePath.parse("/").isHome());
        assertTrue(RemotePath.parse("./.").isHome());
    }

    @Test
    void dotDotSegmentIsRejected() {
        assertEquals(ErrorCode.INVALID_PATH, codeOf("a/../b"));
        assertEquals(ErrorCode.INVALID_PATH, codeOf(".."));
        assertEquals(ErrorCode.INVALID_PATH, codeOf("/../etc/passwd"));
    }

    @Test
    void dotsInsideANameAreFine() throws Exception {
        assertEquals("..a/b..", RemotePath.parse("..a/b..").toString());
    }

    @Test
    void controlCharactersAreRejected() {
        assertEquals(ErrorCode.INVALID_PATH, codeOf("a\u0000b"));
        assertEquals(ErrorCode.INVALID_PATH, codeOf("a\nb"));
        assertEquals(ErrorCode.INVALID_PATH, codeOf("a\u007fb"));
        assertEquals(ErrorCode.INVALID_PATH, codeOf("a\u0085b"));
        assertEquals(ErrorCode.INVALID_PATH, codeOf("a\u009fb"));
    }

    @Test
    void backslashIsRejected() {
        assertEquals(ErrorCode.INVALID_PATH, codeOf("..\\..\\windows"));
    }

    @Test
    void segmentOf255BytesIsAcceptedAnd256Rejected() throws Exception {
        RemotePath.parse("a".repeat(255));
        assertEquals(ErrorCode.INVALID_PATH, codeOf("a".repeat(256)));
        // limits are UTF-8 bytes: 128 two-byte characters are 256 bytes
        assertEquals(ErrorCode.INVALID_PATH, codeOf("\u00e9".repeat(128)));
    }

    @Test
    void pathOf4096BytesIsAcceptedAnd4097Rejected() throws Exception {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            path.append("a".repeat(254)).append('/'); // 16 x 255 = 4080 bytes
        }
        path.append("b".repeat(16));
        assertEquals(4096, RemotePath.parse(path.toString()).toString().length());
        assertEquals(ErrorCode.INVALID_PATH, codeOf(path + "c"));
    }

    @Test
    void namesAreNormalizedToNfc() throws Exception {
        assertEquals(RemotePath.parse("caf\u00e9"), RemotePath.parse("cafe\u0301"));
    }

    @Test
    void containmentIsBySegmentNotByStringPrefix() throws Exception {
        assertTrue(RemotePath.parse("bob").contains(RemotePath.parse("bob/x")));
        assertTrue(!RemotePath.parse("bob").contains(RemotePath.parse("bob2/x")));
    }

    @Test
    void checkNameAcceptsAPlainName() throws Exception {
        assertEquals("report.pdf", RemotePath.checkName("report.pdf"));
    }

    @Test
    void checkNameRejectsWhatCouldEscapeADirectory() {
        for (String hostile : new String[] {"..", ".", "", "a/b", "../x", "/etc", "a\\b", "x\u0000"}) {
            assertEquals(ErrorCode.INVALID_PATH,
                    assertThrows(ProtocolException.class, () -> RemotePath.checkName(hostile)).code(), hostile);
        }
    }

    @Test
    void checkNameRejectsNonNfcNames() {
        assertThrows(ProtocolException.class, () -> RemotePath.checkName("cafe\u0301"));
    }
}
