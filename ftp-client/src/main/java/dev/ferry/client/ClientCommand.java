package dev.ferry.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the connection options, stdout/stderr, and one session. */
abstract class ClientCommand implements Callable<Integer> {
    @ParentCommand
    ClientMain main;

    @Spec
    CommandSpec spec;

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
