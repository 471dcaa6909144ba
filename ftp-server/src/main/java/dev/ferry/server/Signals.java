package dev.ferry.server;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful stop, after which the process exits 0: a deliberate
 * stop is not a failure (a shutdown hook alone would exit 143).
 */
final class Signals {
    private Signals() {
    }

    static void onTerminate(Runnable stop) {
        Signal.handle(new Signal("TERM"), s -> Thread.ofPlatform().name("ferry-stop").start(stop));
        Signal.handle(new Signal("INT"), s -> Thread.ofPlatform().name("ferry-stop").start(stop));
    }
}
