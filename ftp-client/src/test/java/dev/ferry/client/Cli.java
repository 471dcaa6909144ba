package dev.ferry.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the real CLI entry point with captured stdout, stderr and exit code. */
final class Cli {
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(int port, String passwordFile, String... args) {
        List<String> all = new ArrayList<>(List.of("-H", "127.0.0.1", "-P", String.valueOf(port), "-u", "alice",
                "--password-file", passwordFile));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    static Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ClientMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }
}
