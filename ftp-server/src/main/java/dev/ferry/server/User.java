package dev.ferry.server;

import dev.ferry.protocol.Scram;

/**
 * A user as the users file keeps it: SCRAM verifiers only, never the password.
 *
 * @param quotaBytes null when the user has no quota
 */
record User(String name, Scram.StoredCredentials credentials, Long quotaBytes, boolean readOnly) {
}
