package dev.ferry.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload the client's AOT cache is trained on ({@code ferry_train_client} in
 * bin/lib/common.sh): the commands users run most, one after another in one JVM, against a
 * throwaway server on loopback. A JDK 25 AOT cache keeps the classes a training run loaded
 * and linked, its method profiles and the methods it compiled, which a fresh client then
 * compiles early instead of interpreting them first; one command's training covers only
 * that command's code.
 *
 * <pre>FERRY_PASSWORD=... java -XX:AOTCacheOutput=... -cp ftp-client.jar dev.ferry.client.AotTraining \
 *     HOST PORT USER LOCAL_TREE DOWNLOAD_DIR</pre>
 *
 * Exits 0 when every command succeeded; a failed training only means no cache.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: AotTraining HOST PORT USER LOCAL_TREE DOWNLOAD_DIR");
            System.exit(2);
        }
        StartupWarmup.start(); // its classes belong in the cache too
        List<String> connection = List.of("-H", args[0], "-P", args[1], "-u", args[2]);
        int failures = train(connection, Path.of(args[3]), Path.of(args[4]), new PrintWriter(System.err, true));
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * Uploads {@code tree} as "training", then lists, stats and downloads it into
     * {@code downloads}; returns how many commands failed, each reported on {@code err}.
     */
    static int train(List<String> connection, Path tree, Path downloads, PrintWriter err) {
        List<List<String>> commands = List.of(
                List.of("upload", "-r", tree.toString(), "training"),
                List.of("list", "training"),
                List.of("stat", "training"),
                List.of("download", "-r", "training", downloads + "/"),
                List.of("usage"));
        int failures = 0;
        for (List<String> command : commands) {
            List<String> line = new ArrayList<>(connection);
            line.add("-q");
            line.addAll(command);
            StringWriter messages = new StringWriter();
            int exit = ClientMain.run(line.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(messages));
            if (exit != 0) {
                err.println("training: " + String.join(" ", command) + " exited " + exit + ": " + messages.toString().strip());
                failures++;
            }
        }
        return failures;
    }
}
