package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability group "load": 10,000 authenticated idle sessions and slow-loris senders held
 * against one server process, while a normal client keeps logging in. Bounded: loopback only,
 * fixed counts, everything closed at the end.
 */
class FloodTest {
    @TempDir
    Path data;
    static final ReliabilityReport report = new ReliabilityReport("Load");

    @AfterAll
    static void write() {
        report.write();
    }

    /** SCRAM keys derived once: the flood's logins cost HMACs, not PBKDF2. */
    record Keys(String salt, long iterations, byte[] salted) {
    }

    @Test
    void tenThousandIdleSessionsAndSlowLorisesStillLetAFreshClientLogInPromptly() throws Exception {
        int idle = Integer.getInteger("ferry.floodSessions", 10_000);
        int lorises = 50;
        try (ServerProcess server = ServerProcess.start(data, "--max-connections", String.valueOf(idle + 500),
                "--max-sessions-per-user", String.valueOf(idle + 500), "--handshake-timeout", "10s")) {
            Keys keys = deriveKeys(server.port);
            List<Socket> held = new ArrayList<>(idle);
            ConcurrentLinkedQueue<Socket> opened = new ConcurrentLinkedQueue<>();
            long started = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> jobs = new ArrayList<>();
                for (int worker = 0; worker < 8; worker++) {
                    int share = idle / 8 + (worker < idle % 8 ? 1 : 0);
                    jobs.add(pool.submit(() -> {
                        for (int i = 0; i < share; i++) {
                            opened.add(login(server.port, keys));
                        }
                        return null;
                    }));
                }
                for (Future<?> job : jobs) {
                    job.get(5, TimeUnit.MINUTES);
                }
            }
            held.addAll(opened);
            report.figure("time to open 10,000 sessions", String.format("%.1f s", (System.nanoTime() - started) / 1e9));
            assertEquals(idle, held.size());

            AtomicBoolean dripping = new AtomicBoolean(true);
            List<Thread> slowLorises = new ArrayList<>();
            for (int i = 0; i < lorises; i++) {
                int n = i;
                slowLorises.add(Thread.ofVirtual().start(() -> slowLoris(server.port, n, dripping)));
            }

            long[] latencies = new long[300];
            for (int i = 0; i < latencies.length; i++) {
                long t0 = System.nanoTime();
                try (Socket s = login(server.port, keys)) {
                    FrameWriter w = new FrameWriter(s.getOutputStream());
                    w.write(new Request.Usage());
                    Header h = new FrameReader(s.getInputStream()).readHeader();
                    assertTrue(h.toResponse(Response.UsageOk.class) instanceof Response.UsageOk);
                }
                latencies[i] = System.nanoTime() - t0;
            }
            dripping.set(false);
            for (Thread t : slowLorises) {
                t.join(TimeUnit.SECONDS.toMillis(15));
            }
            Arrays.sort(latencies);
            double p50 = latencies[latencies.length / 2] / 1e6;
            double p99 = latencies[(int) (latencies.length * 0.99)] / 1e6;
            long rss = server.peakRssBytes();
            report.add("idle authenticated sessions held", idle);
            report.add("slow-loris connections", lorises);
            report.add("fresh logins", latencies.length);
            report.figure("fresh login+usage p50", String.format("%.1f ms", p50));
            report.figure("fresh login+usage p99", String.format("%.1f ms", p99));
            report.figure("server peak RSS", String.format("%d MiB", rss >> 20));
            for (Socket s : held) {
                s.close();
            }
            assertTrue(p99 < 2_000, "a fresh login still gets through promptly (p99 " + p99 + " ms)");
        }
    }

    private static Keys deriveKeys(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            FrameWriter w = new FrameWriter(s.getOutputStream());
            FrameReader r = new FrameReader(s.getInputStream());
            w.write(new Request.Hello(1, "alice", Scram.newNonce(), null, null));
            Response.HelloOk h = (Response.HelloOk) r.readHeader().toResponse(Response.HelloOk.class);
            return new Keys(h.salt(), h.iterations(),
                    Scram.saltedPassword(TestServer.ALICE_PASSWORD, Base64.getDecoder().decode(h.salt()), (int) h.iterations()));
        }
    }

    /** A logged-in socket with no buffers of its own (10,000 of them are held). */
    static Socket login(int port, Keys keys) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        FrameWriter w = new FrameWriter(s.getOutputStream());
        InputStream in = s.getInputStream();
        FrameReader r = new FrameReader(in);
        String nonce = Scram.newNonce();
        w.write(new Request.Hello(1, "alice", nonce, null, null));
        Response first = r.readHeader().toResponse(Response.HelloOk.class);
        if (!(first instanceof Response.HelloOk h)) {
            s.close();
            throw new IOException("hello refused: " + first);
        }
        String authMessage = Scram.authMessage("alice", nonce, h.nonce(), h.salt(), h.iterations(), null);
        w.write(new Request.Auth(Base64.getEncoder().encodeToString(Scram.clientProof(keys.salted(), authMessage))));
        Response auth = r.readHeader().toResponse(Response.AuthOk.class);
        if (!(auth instanceof Response.AuthOk)) {
            s.close();
            throw new IOException("auth refused: " + auth);
        }
        return s;
    }

    /** Sends a hello one byte every 200 ms from its own loopback address until told to stop or cut off. */
    private static void slowLoris(int port, int n, AtomicBoolean dripping) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + n % 200)), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            byte[] frame = FrameWriter.frame(dev.ferry.protocol.MessageCodec.encode(
                    new Request.Hello(1, "alice", Scram.newNonce(), null, null)));
            for (int i = 0; i < frame.length && dripping.get(); i++) {
                s.getOutputStream().write(frame[i]);
                s.getOutputStream().flush();
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // the attack's pace
            }
        } catch (IOException cutOff) {
            // the server's handshake deadline closed it: as intended
        }
    }
}
