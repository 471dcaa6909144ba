package dev.ferry.client;

import dev.ferry.protocol.Header;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;

/**
 * The first-use costs of a login, paid on two threads of their own while the main one parses
 * the command line and connects: seeding SecureRandom for the nonce (which also looks up the
 * JDK's SHA-256 provider), and the JSON parser's and generator's class initialisation
 * (jackson-core's number constants build BigDecimals, whose JDK 25 initialiser squares up to
 * 5^65536: ~10 ms) with the message switches' bootstraps. A fresh `list`: one thread for both
 * took 127 -> 120 ms (60 interleaved rounds, means); one thread each, 87.6 -> 85.3 and 86.9
 * -> 85.1 ms (80 and 60 rounds, medians), as the main thread no longer waits for the two in
 * turn. Warming PBKDF2 here too, so that C1 compiles SHA-256 early, gained nothing: on two
 * cores the main thread, the compiler and these already share the CPU. Nothing here touches
 * the user's data or the network; what it computes is thrown away, and a failure here only
 * means the main thread pays the cost itself.
 */
final class StartupWarmup {
    private StartupWarmup() {
    }

    static void start() {
        startDaemon(StartupWarmup::json, "ferry-warmup-json"); // the longer of the two
        startDaemon(StartupWarmup::nonce, "ferry-warmup-nonce");
    }

    private static void startDaemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void nonce() {
        try {
            Scram.newNonce();
        } catch (RuntimeException e) {
            // the main thread will meet the same problem and report it
        }
    }

    private static void json() {
        try {
            String nonce = "d2FybXVwLW5vbmNlLXdhcm11cC1ub25jZQ"; // any base64 will do: the answer is thrown away
            MessageCodec.encode(new Request.Hello(1, "warmup", nonce, "warmup", null));
            byte[] answer = MessageCodec.encode(new Response.HelloOk(1, nonce + nonce, "c2FsdHNhbHRzYWx0c2FsdA==", 4096, "warmup"));
            Header.parse(answer).toResponse(Response.HelloOk.class);
        } catch (ProtocolException | RuntimeException e) {
            // the main thread will meet the same cost, or the same problem, and report it
        }
    }
}
