package dev.ferry.client;

import dev.ferry.protocol.ProtocolException;
import java.io.IOException;

/** One request on a session, with server errors and lost connections turned into sentences. */
interface SessionCall<T> {
    T call(FerrySession session) throws IOException, ProtocolException, ClientFailure;

    static <T> T on(FerrySession session, String subject, SessionCall<T> call) throws ClientFailure {
        try {
            return call.call(session);
        } catch (ProtocolException e) {
            throw ClientFailure.fromServer(subject, e);
        } catch (IOException e) {
            throw FerrySession.lost(session.target(), e);
        }
    }
}
