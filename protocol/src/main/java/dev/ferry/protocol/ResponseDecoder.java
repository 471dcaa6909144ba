package dev.ferry.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Header to {@link Response}, for clients: a peer's answer is checked as strictly as a request. */
final class ResponseDecoder {
    private ResponseDecoder() {
    }

    static Response decode(Header h, Class<? extends Response> expected) throws ProtocolException {
        if (!h.bool("ok")) {
            return error(h);
        }
        if (expected == Response.HelloOk.class) {
            return new Response.HelloOk(h.integer("version"), h.string("nonce"), h.string("salt"),
                    h.integer("iterations"), h.string("server", null));
        } else if (expected == Response.AuthOk.class) {
            return new Response.AuthOk(h.string("signature"));
        } else if (expected == Response.ListOk.class) {
            return new Response.ListOk(h.integer("count"), h.integer("size"));
        } else if (expected == Response.StatOk.class) {
            return new Response.StatOk(h.string("name"), fileType(h), h.integer("size"),
                    h.timestamp("mtime", false), h.has("sha256") ? h.sha256("sha256") : null);
        } else if (expected == Response.DownloadOk.class) {
            return new Response.DownloadOk(h.integer("size"), h.sha256("sha256"), h.timestamp("mtime", false));
        } else if (expected == Response.UploadOk.class) {
            return new Response.UploadOk(h.integer("offset"));
        } else if (expected == Response.CommitOk.class) {
            return new Response.CommitOk(h.integer("size"), h.sha256("sha256"));
        } else if (expected == Response.MkdirOk.class) {
            return new Response.MkdirOk(h.bool("created"));
        } else if (expected == Response.UsageOk.class) {
            return new Response.UsageOk(h.string("user"), h.integer("bytes"), h.integer("files"),
                    h.nullableInteger("quota_bytes"));
        } else if (expected == Response.Ok.class) {
            return new Response.Ok();
        }
        throw new IllegalArgumentException("not a success response type: " + expected);
    }

    private static Response.Error error(Header h) throws ProtocolException {
        String name = h.string("error");
        ErrorCode code = ErrorCode.fromWire(name);
        if (code == null) {
            // A newer server's code we do not know: keep the session's view simple and honest.
            code = ErrorCode.INTERNAL;
        }
        Long retryAfter = h.nullableInteger("retry_after");
        List<Integer> versions = null;
        JsonNode list = h.node("versions");
        if (list != null && list.isArray()) {
            versions = new ArrayList<>();
            for (JsonNode v : list) {
                if (v.canConvertToInt()) {
                    versions.add(v.intValue());
                }
            }
        }
        String message = h.string("message", name);
        return new Response.Error(code, code.name().equals(name) ? message : name + ": " + message, retryAfter, versions);
    }

    private static FileType fileType(Header h) throws ProtocolException {
        FileType type = FileType.fromWire(h.string("type"));
        if (type == null) {
            throw Header.badRequest("\"type\" must be \"file\" or \"dir\"");
        }
        return type;
    }
}
