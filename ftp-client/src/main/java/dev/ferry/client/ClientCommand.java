package dev.ferry.client;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** What every subcommand shares: the connection options, stdout/stderr, and one session. */
abstract class ClientCommand implements Callable<Integer> {
    final ClientMain main;
    final CommandSpec spec;

    /** A subcommand's name and aliases: what a command line is matched against before any command is built. */
    record Names(String name, List<String> aliases) {
        boolean anyIn(Set<String> words) {
            return words.contains(name) || aliases.stream().anyMatch(words::contains);
        }
    }

    ClientCommand(ClientMain main, Names names, List<String> description, List<String> footer) {
        this.main = main;
        this.spec = CommandSpecs.command(this, names.name(), names.aliases(), description, footer);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    FerrySession open() throws ClientFailure {
        return main.connection.open(main.connection.password());
    }

    @Override
    public final Integer call() throws Exception {
        execute();
        return ExitCode.OK.value;
    }

    abstract void execute() throws Exception;
}
