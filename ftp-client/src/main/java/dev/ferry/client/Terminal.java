package dev.ferry.client;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether we talk to a person: progress and password prompts only then. */
final class Terminal {
    private Terminal() {
    }

    static boolean isInteractive() {
        String forced = System.getenv("FERRY_PROGRESS");
        if (forced != null) {
            return !forced.equals("0");
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a Console even when piped; isTerminal() tells the truth there.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a non-null console is a terminal
        }
    }
}
