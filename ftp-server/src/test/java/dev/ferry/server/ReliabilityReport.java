package dev.ferry.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the reliability groups tried and what went wrong, and writes one line per
 * figure to {@code target/reliability-report.md} (bin/test prints it; docs/RELIABILITY.md
 * keeps a dated copy).
 */
final class ReliabilityReport {
    private static final Path FILE = Path.of("target", "reliability-report.md");
    private final String group;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, String> figures = new ConcurrentHashMap<>();

    ReliabilityReport(String group) {
        this.group = group;
    }

    void add(String what, long n) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).addAndGet(n);
    }

    void increment(String what) {
        add(what, 1);
    }

    void figure(String what, String value) {
        figures.put(what, value);
    }

    /** Appends this group's line to the report and prints it. */
    void write() {
        StringBuilder line = new StringBuilder("- **").append(group).append("**: ");
        String sep = "";
        for (Map.Entry<String, AtomicLong> e : new TreeMap<>(counts).entrySet()) {
            line.append(sep).append(e.getKey()).append(' ').append(String.format("%,d", e.getValue().get()));
            sep = ", ";
        }
        for (Map.Entry<String, String> e : new TreeMap<>(figures).entrySet()) {
            line.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            sep = ", ";
        }
        System.out.println("[reliability] " + line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
