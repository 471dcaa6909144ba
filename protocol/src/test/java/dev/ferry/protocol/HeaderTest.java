package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One test per malformed header, each checking the exact code (PROTOCOL.md §1). */
class HeaderTest {

    private static ErrorCode codeOf(byte[] bytes) {
        return assertThrows(ProtocolException.class, () -> Header.parse(bytes).toRequest()).code();
    }

    private static ErrorCode codeOf(String json) {
        return codeOf(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withBytes(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    @Test
    void whitespaceAroundTheObjectIsFine() throws Exception {
        assertInstanceOf(Request.Bye.class, Header.parse(" \t\r\n{\"op\":\"bye\"} \n".getBytes(StandardCharsets.UTF_8)).toRequest());
    }

    @Test
    void invalidUtf8IsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf(withBytes("{\"op\":\"", new byte[] {(byte) 0xff}, "\"}")));
    }

    @Test
    void aReplacementCharacterSentAsUtf8IsFine() throws Exception {
        byte[] header = withBytes("{\"op\":\"list\",\"path\":\"a", new byte[] {(byte) 0xef, (byte) 0xbf, (byte) 0xbd}, "\"}");
        assertEquals("a\uFFFD", ((Request.ListFiles) Header.parse(header).toRequest()).path());
    }

    @Test
    void invalidUtf8AfterAReplacementCharacterIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf(withBytes("{\"op\":\"list\",\"path\":\"\uFFFD",
                new byte[] {(byte) 0xc0, (byte) 0xaf}, "\"}")));
    }

    @Test
    void overlongUtf8IsBadFrame() {
        // 0xC0 0xAF is an overlong '/'.
        assertEquals(ErrorCode.BAD_FRAME, codeOf(withBytes("{\"op\":\"list\",\"path\":\"", new byte[] {(byte) 0xc0, (byte) 0xaf}, "\"}")));
    }

    @Test
    void utf8EncodedSurrogateIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf(withBytes("{\"op\":\"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}")));
    }

    @Test
    void escapedLoneHighSurrogateIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("{\"op\":\"list\",\"path\":\"\\ud800\"}"));
    }

    @Test
    void escapedLoneLowSurrogateInAKeyIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("{\"op\":\"bye\",\"\\udc00\":1}"));
    }

    @Test
    void escapedSurrogatePairIsFine() throws Exception {
        Request.ListFiles list = (Request.ListFiles) Header.parse(
                "{\"op\":\"list\",\"path\":\"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8)).toRequest();
        assertEquals("\uD83D\uDE00", list.path());
    }

    @Test
    void byteOrderMarkIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf(withBytes("", new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, "{\"op\":\"bye\"}")));
    }

    @Test
    void arrayIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("[{\"op\":\"bye\"}]"));
    }

    @Test
    void bareStringIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("\"bye\""));
    }

    @Test
    void twoObjectsAreBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("{\"op\":\"bye\"}{\"op\":\"bye\"}"));
    }

    @Test
    void whitespaceOnlyIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("   "));
    }

    @Test
    void truncatedJsonIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("{\"op\":\"bye\""));
    }

    @Test
    void duplicateKeyIsBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("{\"op\":\"bye\",\"op\":\"usage\"}"));
    }

    @Test
    void depthEightIsAllowed() throws Exception {
        // outer object = depth 1, then 7 nested levels
        String json = "{\"op\":\"bye\",\"x\":" + "[".repeat(7) + "]".repeat(7) + "}";
        assertInstanceOf(Request.Bye.class, Header.parse(json.getBytes(StandardCharsets.UTF_8)).toRequest());
    }

    @Test
    void depthNineIsBadFrame() {
        String json = "{\"op\":\"bye\",\"x\":" + "[".repeat(8) + "]".repeat(8) + "}";
        assertEquals(ErrorCode.BAD_FRAME, codeOf(json));
    }

    @Test
    void extremelyDeepNestingIsBadFrame() {
        String json = "{\"x\":" + "[".repeat(30000) + "]".repeat(30000) + "}";
        assertEquals(ErrorCode.BAD_FRAME, codeOf(json));
    }

    @Test
    void commentsAreBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("{\"op\":\"bye\" /* hi */}"));
    }

    @Test
    void singleQuotesAreBadFrame() {
        assertEquals(ErrorCode.BAD_FRAME, codeOf("{'op':'bye'}"));
    }

    @Test
    void missingOpIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"path\":\"a\"}"));
    }

    @Test
    void nonStringOpIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":7}"));
    }

    @Test
    void unknownOpIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"format-disk\"}"));
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        assertInstanceOf(Request.Usage.class,
                Header.parse("{\"op\":\"usage\",\"future\":{\"a\":[1,2]}}".getBytes(StandardCharsets.UTF_8)).toRequest());
    }
}
