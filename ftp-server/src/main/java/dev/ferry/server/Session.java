package dev.ferry.server;

import dev.ferry.protocol.Response;
import java.io.IOException;

/** What one authenticated user's connection works with: their home and the operations on it. */
record Session(User user, FileOperations operations, UploadReceiver uploads, DownloadSender downloads,
               PartialUploads partials) {

    static Session open(User user, java.nio.file.Path homeDir, PartialUploads partials, FileHashes hashes, HomeUsage usage,
                        Limits limits) {
        UserHome home = new UserHome(homeDir);
        FileOperations operations = new FileOperations(home, hashes, usage);
        return new Session(user, operations, new UploadReceiver(home, user, partials, hashes, operations, limits),
                new DownloadSender(home, hashes), partials);
    }

    Response.UsageOk usage() throws IOException {
        FileOperations.Totals totals = operations.totals();
        return new Response.UsageOk(user.name(), totals.bytes() + partials.bytesOf(user.name()), totals.files(),
                user.quotaBytes());
    }
}
