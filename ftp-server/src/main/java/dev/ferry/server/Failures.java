package dev.ferry.server;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one place where JDK file-system exceptions become wire error codes. Messages are
 * written here, never taken from the exception: those carry server paths.
 */
final class Failures {
    private Failures() {
    }

    static ProtocolException toProtocol(IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage() == null ? "" : e.getMessage();
        return switch (e) {
            case NoSuchFileException x -> new ProtocolException(ErrorCode.NOT_FOUND, "no such file or directory");
            case FileAlreadyExistsException x -> new ProtocolException(ErrorCode.EXISTS, "something already exists at that path");
            case DirectoryNotEmptyException x -> new ProtocolException(ErrorCode.NOT_EMPTY,
                    "the directory is not empty; delete it with recursive:true");
            case NotDirectoryException x -> new ProtocolException(ErrorCode.NOT_A_DIRECTORY, "a part of the path is a file, not a directory");
            case AccessDeniedException x -> new ProtocolException(ErrorCode.FORBIDDEN, "the server may not touch that path");
            default -> {
                if (isNoSpace(reason)) {
                    yield new ProtocolException(ErrorCode.NO_SPACE, "the server's disk is full");
                } else if (reason.contains("File name too long")) {
                    yield new ProtocolException(ErrorCode.INVALID_PATH, "a name is too long for the server's file system");
                } else if (reason.contains("Not a directory")) {
                    yield new ProtocolException(ErrorCode.NOT_A_DIRECTORY, "a part of the path is a file, not a directory");
                } else if (reason.contains("Too many levels of symbolic links")) {
                    yield new ProtocolException(ErrorCode.FORBIDDEN, "links are not followed");
                }
                yield new ProtocolException(ErrorCode.INTERNAL, "the server failed to complete the operation (I/O error)");
            }
        };
    }

    static boolean isNoSpace(String reason) {
        return reason.contains("No space left on device") || reason.contains("Disk quota exceeded");
    }
}
