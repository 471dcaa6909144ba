package dev.ferry.client;

import dev.ferry.protocol.Header;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;

/**
 * The first-use costs of a login, paid on a second thread while the main one parses the
 * command line and connects: seeding SecureRandom for the nonce (which also looks up the
 * JDK's SHA-256 provider), the JSON parser's and generator's class initialisation
 * (jackson-core's number constants build BigDecimals), and the message switches' bootstraps.
 * A fresh `list`: 127 -> 120 ms (60 interleaved rounds, means). Warming PBKDF2 here too, so
 * that C1 compiles SHA-256 early, gained nothing more: on two cores the main thread, the
 * compiler and this one already share the CPU. Nothing here touches the user's data or the
 * network; what it computes is thrown away, and a failure here only means the main thread
 * pays the cost itself.
 */
final class StartupWarmup {
    private StartupWarmup() {
    }

    static void start() {
        Thread thread = new Thread(StartupWarmup::run, "ferry-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            String nonce = Scram.newNonce();
            MessageCodec.encode(new Request.Hello(1, "warmup", nonce, "warmup", null));
            byte[] answer = MessageCodec.encode(new Response.HelloOk(1, nonce + nonce, "c2FsdHNhbHRzYWx0c2FsdA==", 4096, "warmup"));
            Header.parse(answer).toResponse(Response.HelloOk.class);
        } catch (ProtocolException | RuntimeException e) {
            // the main thread will meet the same cost, or the same problem, and report it
        }
    }
}
