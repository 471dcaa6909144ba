package dev.ferry.client;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ScopeType;

/**
 * picocli's model of the commands, built in code rather than from annotations. Reading an
 * annotation makes the JVM generate a proxy class for its type, with the class-file API,
 * at every start, and JDK 25's AOT cache cannot keep those classes; picocli also scanned
 * every field and method. Declared here, a fresh `ftp-client list` took 141 ms instead of
 * 178 (30 interleaved rounds, means; bench/RESULTS.md, E). The help and error texts picocli
 * prints from this model are those the annotations gave (compared for 36 command lines).
 */
final class CommandSpecs {
    private CommandSpecs() {
    }

    /**
     * A command run by {@code userObject} (a subcommand's {@code Callable}; at the top level
     * ClientMain, which is not one, so that picocli asks for a subcommand), with
     * -h/--help and -V/--version as mixinStandardHelpOptions gave them (a subcommand's -V
     * prints nothing: only the top level has a version provider, as before).
     */
    static CommandSpec command(Object userObject, String name, List<String> aliases, List<String> description,
                               List<String> footer) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject).name(name).aliases(aliases.toArray(String[]::new));
        spec.usageMessage().description(description.toArray(String[]::new)).footer(footer.toArray(String[]::new));
        // What mixinStandardHelpOptions added, without its annotated mixin class.
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).description(description).build();
    }

    /** An option every subcommand accepts too (picocli's INHERIT scope). */
    static OptionSpec inherited(OptionSpec.Builder option) {
        return option.scopeType(ScopeType.INHERIT).build();
    }

    static OptionSpec inheritedFlag(String description, String... names) {
        return inherited(OptionSpec.builder(names).type(boolean.class).description(description));
    }

    static OptionSpec.Builder option(Class<?> type, String paramLabel, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(paramLabel);
    }

    /** A positional parameter; {@code arity} as picocli writes it ("1", "0..1", "1..*"). */
    static PositionalParamSpec.Builder positional(String paramLabel, String arity) {
        PositionalParamSpec.Builder builder = PositionalParamSpec.builder().paramLabel(paramLabel).arity(arity)
                .required(!arity.startsWith("0"));
        return arity.endsWith("*") ? builder.type(List.class).auxiliaryTypes(String.class) : builder.type(String.class);
    }

    /** A flag's value after parsing: false when it was not given. */
    static boolean isSet(OptionSpec flag) {
        return Boolean.TRUE.equals(flag.getValue());
    }
}
