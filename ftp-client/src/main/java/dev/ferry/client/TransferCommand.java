package dev.ferry.client;

import dev.ferry.protocol.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** What upload and download share: options, the parallel run, progress and the summary. */
abstract class TransferCommand extends ClientCommand {
    private final OptionSpec recursive = CommandSpecs.flag("Transfer directories with everything in them.", "-r", "--recursive");
    private final OptionSpec overwrite = CommandSpecs.flag("Replace existing files at the destination (default: refuse).",
            "--overwrite");
    /** 8: for 2,000 files of 4 KiB on 2 cores, 4 took 5.5 s, 8 took 3.4 s, 16 took 3.8 s. */
    private final OptionSpec parallel = CommandSpecs.option(int.class, "N", "--parallel").defaultValue("8")
            .description("Connections used at once for many files (default: ${DEFAULT-VALUE}).").build();
    private final OptionSpec noResume = CommandSpecs.flag("Start every file from its first byte, discarding interrupted transfers.",
            "--no-resume");
    private final OptionSpec json = CommandSpecs.flag("Print the summary as JSON.", "--json");
    private final PositionalParamSpec args;

    /** {@code argsLabel} and {@code argsDescription}: the sources and the destination, "1..*" of them. */
    TransferCommand(ClientMain main, Names names, List<String> description, List<String> footer, String argsLabel,
                    String argsDescription) {
        super(main, names, description, footer);
        this.args = CommandSpecs.positional(argsLabel, "1..*").description(argsDescription).build();
        spec.addOption(recursive).addOption(overwrite).addOption(parallel).addOption(noResume).addOption(json).addPositional(args);
    }

    List<String> args() {
        return args.getValue();
    }

    boolean recursive() {
        return CommandSpecs.isSet(recursive);
    }

    boolean overwrite() {
        return CommandSpecs.isSet(overwrite);
    }

    int parallel() {
        return parallel.getValue();
    }

    boolean resume() {
        return !CommandSpecs.isSet(noResume);
    }

    boolean json() {
        return CommandSpecs.isSet(json);
    }

    private Password password;

    /** The planning session is handed to the first worker, so a single file costs a single login. */
    TransferRunner.SessionFactory sessions(FerrySession first) {
        FerrySession[] spare = {first};
        return () -> {
            synchronized (spare) {
                if (spare[0] != null) {
                    FerrySession s = spare[0];
                    spare[0] = null;
                    return s;
                }
            }
            return main.connection.open(password, true);
        };
    }

    @Override
    FerrySession open() throws ClientFailure {
        if (password == null) {
            password = main.connection.password();
        }
        return main.connection.open(password, true);
    }

    Progress progress(long totalBytes, int files) {
        return new Progress(err(), !main.quiet() && !json() && Terminal.isInteractive(), totalBytes, files);
    }

    /** Prints the summary and failures; throws with the first failure's exit code when any file failed. */
    void finish(String verb, TransferRunner.Result result, double seconds) throws ClientFailure {
        for (TransferRunner.Failed f : result.failed()) {
            err().println("ftp-client: " + f.message());
        }
        if (json()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("files", result.succeeded());
            summary.put("bytes", result.bytes());
            summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
            List<Map<String, Object>> failed = new ArrayList<>();
            for (TransferRunner.Failed f : result.failed()) {
                failed.add(Map.of("file", f.name(), "error", f.failure().getMessage(), "exit_code", f.failure().exitCode.value));
            }
            summary.put("failed", failed);
            out().println(JsonText.of(summary));
        } else if (!main.quiet()) {
            double rate = seconds > 0 ? result.bytes() / seconds : 0;
            out().printf("%s %d file%s, %s in %.1f s (%s/s)%s%n", verb, result.succeeded(), result.succeeded() == 1 ? "" : "s",
                    Units.bytes(result.bytes()), seconds, Units.bytes((long) rate),
                    result.failed().isEmpty() ? "" : "; " + result.failed().size() + " failed");
        }
        if (!result.failed().isEmpty()) {
            TransferRunner.Failed first = result.failed().get(0);
            throw new ClientFailure(first.failure().exitCode, result.failed().size() == 1 ? first.message()
                    : result.failed().size() + " files failed; the first: " + first.message());
        }
    }

    /** Splits "A... [DEST]": with one argument the destination is the default. */
    static List<String> sources(List<String> args) {
        return args.size() == 1 ? args : args.subList(0, args.size() - 1);
    }

    static String destination(List<String> args, String whenAlone) {
        return args.size() == 1 ? whenAlone : args.get(args.size() - 1);
    }
}
