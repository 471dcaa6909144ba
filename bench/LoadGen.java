import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Scenario F's load generator (bounded, loopback only): opens N authenticated sessions and
 * holds them idle, then times fresh logins (connect, hello, auth, usage) while they are held.
 *
 *   java -cp ftp-client/target/ftp-client.jar bench/LoadGen.java PORT USER PASSWORD N FRESH
 *
 * Prints: sessions=N open_seconds=S fresh_p50_ms=X fresh_p99_ms=Y
 */
public class LoadGen {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String user = args[1];
        String password = args[2];
        int sessions = Math.min(Integer.parseInt(args[3]), 20_000);
        int fresh = Math.min(Integer.parseInt(args[4]), 10_000);
        byte[][] keys = new byte[1][];
        String[] salt = new String[1];
        long[] iterations = new long[1];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            new FrameWriter(s.getOutputStream()).write(new Request.Hello(1, user, Scram.newNonce(), "loadgen", null));
            Response.HelloOk h = (Response.HelloOk) new FrameReader(s.getInputStream()).readHeader().toResponse(Response.HelloOk.class);
            salt[0] = h.salt();
            iterations[0] = h.iterations();
            keys[0] = Scram.saltedPassword(password, Base64.getDecoder().decode(h.salt()), (int) h.iterations());
        }
        ConcurrentLinkedQueue<Socket> held = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int share = sessions / 8 + (w < sessions % 8 ? 1 : 0);
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        held.add(login(port, user, keys[0]));
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get(10, TimeUnit.MINUTES);
            }
        }
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        long[] latencies = new long[fresh];
        for (int i = 0; i < fresh; i++) {
            long start = System.nanoTime();
            try (Socket s = login(port, user, keys[0])) {
                new FrameWriter(s.getOutputStream()).write(new Request.Usage());
                new FrameReader(s.getInputStream()).readHeader();
            }
            latencies[i] = System.nanoTime() - start;
        }
        Arrays.sort(latencies);
        System.out.printf("sessions=%d open_seconds=%.1f fresh_p50_ms=%.2f fresh_p99_ms=%.2f%n", held.size(), openSeconds,
                latencies[fresh / 2] / 1e6, latencies[(int) (fresh * 0.99)] / 1e6);
        for (Socket s : held) {
            s.close();
        }
    }

    static Socket login(int port, String user, byte[] salted) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(60_000);
        FrameWriter w = new FrameWriter(s.getOutputStream());
        FrameReader r = new FrameReader(s.getInputStream());
        String nonce = Scram.newNonce();
        w.write(new Request.Hello(1, user, nonce, "loadgen", null));
        Response.HelloOk h = (Response.HelloOk) r.readHeader().toResponse(Response.HelloOk.class);
        String authMessage = Scram.authMessage(user, nonce, h.nonce(), h.salt(), h.iterations(), null);
        w.write(new Request.Auth(Base64.getEncoder().encodeToString(Scram.clientProof(salted, authMessage))));
        Response auth = r.readHeader().toResponse(Response.AuthOk.class);
        if (!(auth instanceof Response.AuthOk)) {
            throw new IllegalStateException("login refused: " + auth);
        }
        return s;
    }
}
