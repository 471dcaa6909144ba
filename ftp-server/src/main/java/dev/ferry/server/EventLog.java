package dev.ferry.server;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One line per event in logfmt ({@code key=value}), to stderr by default: session events and
 * transfers like a modern xferlog. Peer misbehaviour goes at DEBUG, our own bugs at WARN
 * with a stack trace.
 */
public final class EventLog {
    public enum Level { DEBUG, INFO, WARN }

    private final PrintStream out;
    private final Level threshold;
    private final ReentrantLock lock = new ReentrantLock();

    public EventLog(PrintStream out, Level threshold) {
        this.out = out;
        this.threshold = threshold;
    }

    public boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    /** Logs {@code event} with alternating keys and values; null values are left out. */
    public void log(Level level, String event, Object... keyValues) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(128);
        line.append("time=").append(Instant.now()).append(" level=").append(level).append(" event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            if (value != null) {
                line.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(value)));
            }
        }
        write(line.toString());
    }

    public void info(String event, Object... keyValues) {
        log(Level.INFO, event, keyValues);
    }

    public void debug(String event, Object... keyValues) {
        log(Level.DEBUG, event, keyValues);
    }

    /** Our own bug or an unexpected failure: always with its stack trace. */
    public void warn(String event, Throwable error, Object... keyValues) {
        log(Level.WARN, event, keyValues);
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            write(trace.toString().stripTrailing());
        }
    }

    private void write(String text) {
        lock.lock();
        try {
            out.println(text);
        } finally {
            lock.unlock();
        }
    }

    /** Quotes values with spaces, quotes, '=' or control characters; escapes the rest. */
    static String quote(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7f;
        }
        if (plain) {
            return value;
        }
        StringBuilder q = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
