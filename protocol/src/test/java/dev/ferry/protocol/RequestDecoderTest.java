package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Field types, ranges and defaults: no coercion, ever (PROTOCOL.md §1, §3). */
class RequestDecoderTest {
    private static final String NONCE = "AAAAAAAAAAAAAAAAAAAAAAAA"; // 18 zero bytes

    private static Request decode(String json) throws ProtocolException {
        return Header.parse(json.getBytes(StandardCharsets.UTF_8)).toRequest();
    }

    private static ErrorCode codeOf(String json) {
        return assertThrows(ProtocolException.class, () -> decode(json)).code();
    }

    @Test
    void uploadDefaultsAreOverwriteFalseResumeTrueNoMtime() throws Exception {
        Request.Upload upload = (Request.Upload) decode("{\"op\":\"upload\",\"path\":\"a\",\"size\":5}");
        assertFalse(upload.overwrite());
        assertTrue(upload.resume());
        assertNull(upload.mtime());
    }

    @Test
    void sizeAbove4GiBIsAccepted() throws Exception {
        Request.Upload upload = (Request.Upload) decode("{\"op\":\"upload\",\"path\":\"a\",\"size\":5368709120}");
        assertEquals(5368709120L, upload.size());
    }

    @Test
    void sizeOf2Pow63Minus1IsAccepted() throws Exception {
        Request.Upload upload = (Request.Upload) decode("{\"op\":\"upload\",\"path\":\"a\",\"size\":9223372036854775807}");
        assertEquals(Long.MAX_VALUE, upload.size());
    }

    @Test
    void sizeOf2Pow63IsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":9223372036854775808}"));
    }

    @Test
    void negativeSizeIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":-1}"));
    }

    @Test
    void sizeBelowMinusTwoPow63IsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":-9223372036854775809}"));
    }

    @Test
    void fractionalSizeIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":1.0}"));
    }

    @Test
    void numberAsStringIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":\"10\"}"));
    }

    @Test
    void fractionIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"download\",\"path\":\"a\",\"offset\":1.5}"));
    }

    @Test
    void exponentIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"download\",\"path\":\"a\",\"offset\":1e3}"));
    }

    @Test
    void booleanAsStringIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"delete\",\"path\":\"a\",\"recursive\":\"true\"}"));
    }

    @Test
    void nullIsAWrongType() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"stat\",\"path\":null}"));
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"overwrite\":null}"));
    }

    @Test
    void nullMtimeMeansAbsent() throws Exception {
        Request.Upload upload = (Request.Upload) decode("{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"mtime\":null}");
        assertNull(upload.mtime());
    }

    @Test
    void mtimeInZFormIsParsed() throws Exception {
        Request.Upload upload = (Request.Upload) decode(
                "{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"mtime\":\"2024-02-29T12:34:56.5Z\"}");
        assertEquals(Instant.parse("2024-02-29T12:34:56.500Z"), upload.mtime());
    }

    /** docs/PROTOCOL.md §9.17: the two RFC 3339 edge cases are read, a date that does not exist is refused. */
    @Test
    void mtimeEdgesAreReadAsDocumented() throws Exception {
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), uploadMtime("2024-12-31T24:00:00Z"));
        assertEquals(Instant.parse("2016-12-31T23:59:59.500Z"), uploadMtime("2016-12-31T23:59:60.5Z"));
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"mtime\":\"2024-02-30T00:00:00Z\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"mtime\":\"2024-12-31T24:00:00.1Z\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"mtime\":\"2024-12-31T12:00:00.1234567890Z\"}"));
    }

    private static Instant uploadMtime(String mtime) throws ProtocolException {
        return ((Request.Upload) decode("{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"mtime\":\"" + mtime + "\"}")).mtime();
    }

    @Test
    void mtimeWithOffsetIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST,
                codeOf("{\"op\":\"upload\",\"path\":\"a\",\"size\":1,\"mtime\":\"2024-02-29T12:34:56+01:00\"}"));
    }

    @Test
    void commitWithUppercaseHexIsLowercased() throws Exception {
        Request.Commit commit = (Request.Commit) decode("{\"op\":\"commit\",\"sha256\":\"" + "AB".repeat(32) + "\"}");
        assertEquals("ab".repeat(32), commit.sha256());
    }

    @Test
    void commitWithADigitOutsideAsciiIsBadRequest() {
        // U+FF10 FULLWIDTH DIGIT ZERO and U+0663 ARABIC-INDIC DIGIT THREE are digits to Character.digit.
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"commit\",\"sha256\":\"" + "a".repeat(63) + "\uFF10\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"commit\",\"sha256\":\"\u0663" + "a".repeat(63) + "\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"commit\",\"sha256\":\"" + "a".repeat(63) + "g\"}"));
    }

    @Test
    void commitWithShortHashIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"commit\",\"sha256\":\"abc\"}"));
    }

    @Test
    void helloIsDecoded() throws Exception {
        Request.Hello hello = (Request.Hello) decode(
                "{\"op\":\"hello\",\"version\":1,\"user\":\"alice.b-c_d\",\"nonce\":\"" + NONCE + "\"}");
        assertEquals("alice.b-c_d", hello.user());
        assertNull(hello.client());
    }

    @Test
    void helloWithUserStartingWithDotIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST,
                codeOf("{\"op\":\"hello\",\"version\":1,\"user\":\".alice\",\"nonce\":\"" + NONCE + "\"}"));
    }

    @Test
    void helloWithUserOf65CharactersIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST,
                codeOf("{\"op\":\"hello\",\"version\":1,\"user\":\"" + "a".repeat(65) + "\",\"nonce\":\"" + NONCE + "\"}"));
    }

    @Test
    void helloWithShortNonceIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, codeOf("{\"op\":\"hello\",\"version\":1,\"user\":\"a\",\"nonce\":\"AAAA\"}"));
    }

    @Test
    void helloWithNonBase64NonceIsBadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST,
                codeOf("{\"op\":\"hello\",\"version\":1,\"user\":\"a\",\"nonce\":\"" + "!".repeat(24) + "\"}"));
    }

    @Test
    void everyRequestSurvivesAnEncodeDecodeRoundTrip() throws Exception {
        Request[] requests = {
                new Request.Hello(1, "bob", NONCE, "ftp-client/1.0", null),
                new Request.Auth("cHJvb2Y="),
                new Request.ListFiles("a/b"),
                new Request.Stat("x"),
                new Request.Download("x", 7),
                new Request.Upload("x", 9, true, false, Instant.parse("2020-01-01T00:00:00Z")),
                new Request.Commit("0".repeat(64)),
                new Request.Mkdir("d"),
                new Request.Delete("d", true),
                new Request.Rename("a", "b", true),
                new Request.Usage(),
                new Request.Bye(),
        };
        for (Request request : requests) {
            assertEquals(request, Header.parse(MessageCodec.encode(request)).toRequest());
        }
    }

    @Test
    void errorResponseCarriesRetryAfterAndVersions() throws Exception {
        byte[] json = MessageCodec.encode(new Response.Error(ErrorCode.UNSUPPORTED_VERSION, "no", null, java.util.List.of(1)));
        assertEquals("{\"ok\":false,\"error\":\"UNSUPPORTED_VERSION\",\"message\":\"no\",\"versions\":[1]}",
                new String(json, StandardCharsets.UTF_8));
        byte[] limited = MessageCodec.encode(new Response.Error(ErrorCode.RATE_LIMITED, "wait", 42L, null));
        assertEquals("{\"ok\":false,\"error\":\"RATE_LIMITED\",\"message\":\"wait\",\"retry_after\":42}",
                new String(limited, StandardCharsets.UTF_8));
    }

    @Test
    void usageWithoutQuotaSaysNull() {
        assertEquals("{\"ok\":true,\"user\":\"u\",\"bytes\":1,\"files\":2,\"quota_bytes\":null}",
                new String(MessageCodec.encode(new Response.UsageOk("u", 1, 2, null)), StandardCharsets.UTF_8));
    }
}
