package dev.ferry.protocol;

import java.time.Instant;

/**
 * Every request of protocol version 1. Optional fields the client left out carry their
 * defaults; optional fields with no default are {@code null} when absent.
 */
public sealed interface Request extends Message {

    /** The wire name of this request's {@code op}. */
    String op();

    /** {@code client} and {@code channelBinding} are null when absent. */
    record Hello(long version, String user, String nonce, String client, String channelBinding) implements Request {
        public String op() { return "hello"; }
    }

    /** {@code proof} is the text as sent: its base64 is checked by the verifier (a bad proof is AUTH_FAILED). */
    record Auth(String proof) implements Request {
        public String op() { return "auth"; }
    }

    record ListFiles(String path) implements Request {
        public String op() { return "list"; }
    }

    record Stat(String path) implements Request {
        public String op() { return "stat"; }
    }

    record Download(String path, long offset) implements Request {
        public String op() { return "download"; }
    }

    /** {@code mtime} is null when absent. */
    record Upload(String path, long size, boolean overwrite, boolean resume, Instant mtime) implements Request {
        public String op() { return "upload"; }
    }

    /** {@code sha256}: 64 lowercase hex digits (the decoder lowercases). */
    record Commit(String sha256) implements Request {
        public String op() { return "commit"; }
    }

    record Mkdir(String path) implements Request {
        public String op() { return "mkdir"; }
    }

    record Delete(String path, boolean recursive) implements Request {
        public String op() { return "delete"; }
    }

    record Rename(String path, String to, boolean overwrite) implements Request {
        public String op() { return "rename"; }
    }

    record Usage() implements Request {
        public String op() { return "usage"; }
    }

    record Bye() implements Request {
        public String op() { return "bye"; }
    }
}
