package dev.ferry.protocol;

/** The two kinds of entry a user can see; links and special files are never shown. */
public enum FileType {
    FILE("file"),
    DIRECTORY("dir");

    private final String wireName;

    FileType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static FileType fromWire(String name) {
        for (FileType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
