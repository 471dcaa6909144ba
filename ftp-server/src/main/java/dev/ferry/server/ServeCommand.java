package dev.ferry.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the server until SIGTERM or SIGINT, then stops gracefully and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server (the default command).",
        footer = ServeCommand.FOOTER)
class ServeCommand implements Callable<Integer> {
    static final String FOOTER = "%nEvery option can also be set as FERRY_<NAME> (e.g. FERRY_PORT=2222) or in --config FILE (port=2222)."
            + "%nThe first start with no users creates one: FERRY_INIT_USER/FERRY_INIT_PASSWORD, else 'admin' with a printed password."
            + "%n%nExamples:%n  ftp-server --data /srv/ferry --port 2121%n  FERRY_INIT_USER=alice FERRY_INIT_PASSWORD_FILE=/run/secrets/pw ftp-server";

    @picocli.CommandLine.Mixin
    ServeOptions options;

    @Override
    public Integer call() throws Exception {
        return options.serve();
    }
}
