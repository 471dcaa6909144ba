package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTest {

    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void byeIsWrittenAsLengthPrefixedJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out).write(new Request.Bye());
        // {"op":"bye"} is 12 bytes
        byte[] expected = concat(bytes(0, 0, 0, 12), "{\"op\":\"bye\"}".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void okIsWrittenAsLengthPrefixedJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out).write(new Response.Ok());
        byte[] expected = concat(bytes(0, 0, 0, 11), "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void handWrittenFrameIsRead() throws Exception {
        byte[] frame = concat(bytes(0, 0, 0, 14), "{\"op\":\"usage\"}".getBytes(StandardCharsets.US_ASCII));
        assertInstanceOf(Request.Usage.class, reader(frame).readHeader().toRequest());
    }

    @Test
    void severalFramesInOneBufferAreReadInOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out);
        writer.write(new Request.Usage());
        writer.write(new Request.Bye());
        FrameReader reader = reader(out.toByteArray());
        assertInstanceOf(Request.Usage.class, reader.readHeader().toRequest());
        assertInstanceOf(Request.Bye.class, reader.readHeader().toRequest());
        assertNull(reader.readHeader());
    }

    @Test
    void endOfStreamBetweenFramesIsACleanEnd() throws Exception {
        assertNull(reader(new byte[0]).readHeader());
    }

    @Test
    void endOfStreamInsideTheLengthIsAnError() {
        assertThrows(EOFException.class, () -> reader(bytes(0, 0)).readHeader());
    }

    @Test
    void endOfStreamInsideTheHeaderIsAnError() {
        byte[] truncated = concat(bytes(0, 0, 0, 12), "{\"op\":".getBytes(StandardCharsets.US_ASCII));
        assertThrows(EOFException.class, () -> reader(truncated).readHeader());
    }

    @Test
    void zeroLengthIsBadFrame() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader(bytes(0, 0, 0, 0)).readHeader());
        assertEquals(ErrorCode.BAD_FRAME, e.code());
    }

    @Test
    void length65537IsBadFrameBeforeAnyAllocation() {
        // No header bytes follow: the reader must refuse on the length alone.
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader(bytes(0, 1, 0, 1)).readHeader());
        assertEquals(ErrorCode.BAD_FRAME, e.code());
    }

    @Test
    void length2Pow31IsBadFrame() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader(bytes(0x80, 0, 0, 0)).readHeader());
        assertEquals(ErrorCode.BAD_FRAME, e.code());
    }

    @Test
    void length2Pow32Minus1IsBadFrame() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader(bytes(0xff, 0xff, 0xff, 0xff)).readHeader());
        assertEquals(ErrorCode.BAD_FRAME, e.code());
    }

    @Test
    void length65536IsAccepted() throws Exception {
        byte[] json = new byte[65536];
        java.util.Arrays.fill(json, (byte) ' ');
        byte[] op = "{\"op\":\"bye\"}".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(op, 0, json, 0, op.length);
        byte[] frame = concat(bytes(0, 1, 0, 0), json);
        assertInstanceOf(Request.Bye.class, reader(frame).readHeader().toRequest());
    }

    @Test
    void writerRefusesAnOversizedHeader() {
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.frame(new byte[65537]));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.frame(new byte[0]));
    }

    @Test
    void bodyFollowsItsHeaderByteForByte() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out);
        writer.writeUnflushed(new Response.DownloadOk(3, "a".repeat(64), java.time.Instant.EPOCH));
        writer.writeBody(new byte[] {1, 2, 3}, 0, 3);
        writer.write(new Response.Ok());
        FrameReader reader = reader(out.toByteArray());
        Response.DownloadOk ok = (Response.DownloadOk) reader.readHeader().toResponse(Response.DownloadOk.class);
        byte[] body = new byte[(int) ok.size()];
        reader.readFully(body, 0, body.length);
        assertArrayEquals(new byte[] {1, 2, 3}, body);
        assertInstanceOf(Response.Ok.class, reader.readHeader().toResponse(Response.Ok.class));
    }

    @Test
    void endOfStreamInsideABodyIsAnError() throws Exception {
        FrameReader reader = reader(new byte[] {1, 2});
        assertThrows(EOFException.class, () -> reader.readFully(new byte[3], 0, 3));
    }
}
