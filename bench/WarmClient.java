import dev.ferry.client.ClientMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scenario C with the client's start and JIT warm-up taken out: runs the same client command
 * ROUNDS times in one JVM (bounded, loopback only), so that the later rounds show what the
 * server and an already-compiled client cost per file. "{n}" in an argument becomes the
 * round's number, for fresh remote trees and local directories.
 *
 *   FERRY_PASSWORD=... java -cp ftp-client/target/ftp-client.jar bench/WarmClient.java \
 *       PORT SERVER_PID ROUNDS upload -r DIR small-warm-{n}
 *
 * Prints one line per round: round=I seconds=S client_cpu=C server_cpu=V exit=E
 */
public class WarmClient {
    public static void main(String[] args) throws Exception {
        String port = args[0];
        String serverPid = args[1];
        int rounds = Integer.parseInt(args[2]);
        if (rounds < 1 || rounds > 50) {
            throw new IllegalArgumentException("ROUNDS must be 1..50");
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= rounds; round++) {
            String[] command = new String[7 + args.length - 3];
            System.arraycopy(new String[] {"-H", "127.0.0.1", "-P", port, "-u", "bench", "-q"}, 0, command, 0, 7);
            for (int i = 3; i < args.length; i++) {
                command[7 + i - 3] = args[i].replace("{n}", Integer.toString(round));
            }
            double server0 = cpuSeconds(serverPid);
            long client0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int exit = ClientMain.run(command, new PrintWriter(new StringWriter()), new PrintWriter(System.err, true));
            long t1 = System.nanoTime();
            long client1 = os.getProcessCpuTime();
            double server1 = cpuSeconds(serverPid);
            System.out.printf("round=%d seconds=%.3f client_cpu=%.2f server_cpu=%.2f exit=%d%n",
                    round, (t1 - t0) / 1e9, (client1 - client0) / 1e9, server1 - server0, exit);
        }
    }

    /** User + system CPU seconds of a process, from /proc (Linux). */
    private static double cpuSeconds(String pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in clock ticks
    }
}
