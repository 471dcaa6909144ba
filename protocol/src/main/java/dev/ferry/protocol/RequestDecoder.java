package dev.ferry.protocol;

import java.util.Base64;
import java.util.regex.Pattern;

/** Header to {@link Request}: field types, ranges and defaults of PROTOCOL.md §2-§3. */
final class RequestDecoder {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private RequestDecoder() {
    }

    static Request decode(Header h) throws ProtocolException {
        String op = h.op();
        return switch (op) {
            case "hello" -> new Request.Hello(h.integer("version"), user(h), nonce(h),
                    h.string("client", null), h.string("channel_binding", null));
            case "auth" -> new Request.Auth(h.string("proof"));
            case "list" -> new Request.ListFiles(h.string("path", ""));
            case "stat" -> new Request.Stat(h.string("path"));
            case "download" -> new Request.Download(h.string("path"), h.integer("offset", 0));
            case "upload" -> new Request.Upload(h.string("path"), h.integer("size"),
                    h.bool("overwrite", false), h.bool("resume", true), h.timestamp("mtime", true));
            case "commit" -> new Request.Commit(h.sha256("sha256"));
            case "mkdir" -> new Request.Mkdir(h.string("path"));
            case "delete" -> new Request.Delete(h.string("path"), h.bool("recursive", false));
            case "rename" -> new Request.Rename(h.string("path"), h.string("to"), h.bool("overwrite", false));
            case "usage" -> new Request.Usage();
            case "bye" -> new Request.Bye();
            default -> throw Header.badRequest("unknown op \"" + op + "\"");
        };
    }

    /** True for a user name the protocol allows: 1..64 of [A-Za-z0-9._-], not starting with '.'. */
    static boolean isValidUser(String user) {
        return USER.matcher(user).matches();
    }

    private static String user(Header h) throws ProtocolException {
        String user = h.string("user");
        if (!isValidUser(user)) {
            throw Header.badRequest("\"user\" must be 1 to 64 of A-Z a-z 0-9 . _ - and not start with '.'");
        }
        return user;
    }

    private static String nonce(Header h) throws ProtocolException {
        String nonce = h.string("nonce");
        if (!Scram.isValidNonce(nonce)) {
            throw Header.badRequest("\"nonce\" must be base64 of 18 to 96 random bytes");
        }
        return nonce;
    }

    static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
