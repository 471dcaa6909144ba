package dev.ferry.protocol;

import java.io.IOException;

/**
 * Message to header bytes. Field names and presence follow PROTOCOL.md exactly. Fields are
 * written straight to the generator ({@link JsonFields}), in a fixed order.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
        return JsonTree.writeObject(message, MessageCodec::writeFields);
    }

    private static void writeFields(Message message, JsonFields fields) throws IOException {
        switch (message) {
            case Request request -> writeRequest(request, fields);
            case Response response -> writeResponse(response, fields);
        }
    }

    private static void writeRequest(Request request, JsonFields o) throws IOException {
        o.put("op", request.op());
        switch (request) {
            case Request.Hello r -> {
                o.put("version", r.version());
                o.put("user", r.user());
                o.put("nonce", r.nonce());
                if (r.client() != null) {
                    o.put("client", r.client());
                }
                if (r.channelBinding() != null) {
                    o.put("channel_binding", r.channelBinding());
                }
            }
            case Request.Auth r -> o.put("proof", r.proof());
            case Request.ListFiles r -> o.put("path", r.path());
            case Request.Stat r -> o.put("path", r.path());
            case Request.Download r -> o.put("path", r.path()).put("offset", r.offset());
            case Request.Upload r -> {
                o.put("path", r.path()).put("size", r.size()).put("overwrite", r.overwrite()).put("resume", r.resume());
                if (r.mtime() != null) {
                    o.put("mtime", Timestamps.format(r.mtime()));
                }
            }
            case Request.Commit r -> o.put("sha256", r.sha256());
            case Request.Mkdir r -> o.put("path", r.path());
            case Request.Delete r -> o.put("path", r.path()).put("recursive", r.recursive());
            case Request.Rename r -> o.put("path", r.path()).put("to", r.to()).put("overwrite", r.overwrite());
            case Request.Usage r -> { }
            case Request.Bye r -> { }
        }
    }

    private static void writeResponse(Response response, JsonFields o) throws IOException {
        o.put("ok", !(response instanceof Response.Error));
        switch (response) {
            case Response.Error r -> {
                o.put("error", r.code().name()).put("message", r.message());
                if (r.retryAfter() != null) {
                    o.put("retry_after", r.retryAfter());
                }
                if (r.versions() != null) {
                    o.put("versions", r.versions());
                }
            }
            case Response.HelloOk r -> o.put("version", r.version()).put("nonce", r.nonce()).put("salt", r.salt())
                    .put("iterations", r.iterations()).put("server", r.server());
            case Response.AuthOk r -> o.put("signature", r.signature());
            case Response.ListOk r -> o.put("count", r.count()).put("size", r.size());
            case Response.StatOk r -> {
                o.put("name", r.name()).put("type", r.type().wireName()).put("size", r.size())
                        .put("mtime", Timestamps.format(r.mtime()));
                if (r.sha256() != null) {
                    o.put("sha256", r.sha256());
                }
            }
            case Response.DownloadOk r -> o.put("size", r.size()).put("sha256", r.sha256())
                    .put("mtime", Timestamps.format(r.mtime()));
            case Response.UploadOk r -> o.put("offset", r.offset());
            case Response.CommitOk r -> o.put("size", r.size()).put("sha256", r.sha256());
            case Response.MkdirOk r -> o.put("created", r.created());
            case Response.Ok r -> { }
            case Response.UsageOk r -> {
                o.put("user", r.user()).put("bytes", r.bytes()).put("files", r.files());
                if (r.quotaBytes() == null) {
                    o.putNull("quota_bytes");
                } else {
                    o.put("quota_bytes", r.quotaBytes());
                }
            }
        }
    }
}
