package dev.ferry.client;

/**
 * A request already written on a connection whose answer has not been read yet, and what to
 * do with that answer. A transfer worker keeps several in flight and reads their answers in
 * the order it sent them (PROTOCOL.md §1: every request gets one answer, in order).
 */
interface Exchange {
    /** The file this exchange moves: it is started again on another connection if this one is lost first. */
    TransferRunner.Task task();

    /**
     * True when nothing else may be written until this answer has been read: an upload's
     * bytes must follow its request directly, and they wait for the {@code offset} answer.
     */
    default boolean holdsWire() {
        return false;
    }

    /**
     * Reads the answer (and a body that follows it) and acts on it; may write more, unflushed.
     * Releases what the exchange holds, whatever the outcome.
     */
    Step receive(FerrySession session) throws ClientFailure;

    /** The answer will never be read (the connection was lost first): release what the exchange holds. */
    default void abandon() {
    }

    /** What a transfer does after an answer. */
    sealed interface Step {
        /** The file is done; {@code bytes} moved over the wire. */
        record Done(long bytes) implements Step {
        }

        /** Another request was written; its answer comes later, in order. */
        record Await(Exchange next) implements Step {
        }

        /** Start the file over as {@code task} (from byte 0), on whichever connection takes it. */
        record Again(TransferRunner.Task task) implements Step {
        }
    }
}
