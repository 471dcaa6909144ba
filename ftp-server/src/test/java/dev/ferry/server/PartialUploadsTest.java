package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.RemotePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep of expired partials leaves alone the partial of an upload that is being written. */
class PartialUploadsTest {
    @TempDir
    Path root;

    @Test
    void theSweepSkipsAPartialWhoseUploadHoldsTheLockAndDeletesItOnceReleased() throws Exception {
        PartialUploads partials = new PartialUploads(root, Duration.ZERO); // every partial is expired
        RemotePath live = RemotePath.parse("docs/live.bin");
        Path writing = partials.partialFor("alice", live, 10);
        Path other = partials.partialFor("alice", RemotePath.parse("docs/other.bin"), 10);
        Path bobs = partials.partialFor("bob", live, 10);
        for (Path partial : new Path[] {writing, other, bobs}) {
            PartialUploads.open(partial).close();
        }

        assertTrue(partials.tryLock("alice", live));
        assertEquals(2, partials.sweep(), "another path's and another user's partials go");
        assertTrue(Files.exists(writing));
        assertFalse(Files.exists(other));
        assertFalse(Files.exists(bobs));

        partials.unlock("alice", live);
        assertEquals(1, partials.sweep());
        assertFalse(Files.exists(writing));
    }
}
