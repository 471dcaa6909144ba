package dev.ferry.protocol;

import java.time.Instant;
import java.util.Objects;

/** One entry of a listing. Directories have size 0. */
public record Entry(String name, FileType type, long size, Instant mtime) {
    public Entry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
    }
}
