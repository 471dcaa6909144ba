package dev.ferry.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs file transfers on up to N connections at once. Each worker logs in once and takes
 * files from a shared queue, keeping up to {@value #WINDOW} requests in flight on its
 * connection (PROTOCOL.md §1 allows pipelining): a download's request goes out while earlier
 * answers are still arriving, an upload's request while the previous commit is being
 * answered. After a failure that breaks the connection it reconnects (the stream may be out
 * of step) and sends again the files whose answers it had not read, so one bad file never
 * takes the others down.
 */
final class TransferRunner {
    /**
     * Requests in flight per connection. A request is at most ~4.2 KiB (paths are at most 4096
     * bytes), so 16 stay well inside a socket's default receive buffer (128 KiB on Linux): the
     * worker never blocks writing requests while the server blocks writing a body to it.
     */
    static final int WINDOW = 16;

    /** One file to move: {@code name} is what messages and progress call it. */
    interface Task {
        String name();

        /** Writes the file's first request, unflushed, after the local checks; reads nothing. */
        Exchange start(FerrySession session) throws ClientFailure;
    }

    /** A file that failed, and why. */
    record Failed(String name, ClientFailure failure) {
        /** The failure as one line that names the file (a lost connection's message does not). */
        String message() {
            String text = failure.getMessage();
            return text.contains(name) ? text : name + ": " + text;
        }
    }

    record Result(int succeeded, long bytes, List<Failed> failed) {
        /** This result with the failures of files that never reached the run listed first. */
        Result after(List<Failed> earlier) {
            if (earlier.isEmpty()) {
                return this;
            }
            List<Failed> all = new ArrayList<>(earlier);
            all.addAll(failed);
            return new Result(succeeded, bytes, List.copyOf(all));
        }
    }

    interface SessionFactory {
        FerrySession open() throws ClientFailure;
    }

    private final ConcurrentLinkedDeque<Task> queue;
    private final SessionFactory sessions;
    private final List<Failed> failed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();

    private TransferRunner(List<? extends Task> tasks, SessionFactory sessions) {
        this.queue = new ConcurrentLinkedDeque<>(tasks);
        this.sessions = sessions;
    }

    static Result run(List<? extends Task> tasks, int parallel, SessionFactory sessions) {
        TransferRunner runner = new TransferRunner(tasks, sessions);
        int workers = Math.max(1, Math.min(parallel, tasks.size()));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().name("ferry-transfer-" + i).start(runner.new Worker()::run));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Result((int) runner.succeeded.get(), runner.bytes.get(), List.copyOf(runner.failed));
    }

    /** One connection and the exchanges in flight on it. */
    private final class Worker {
        private final ArrayDeque<Exchange> inFlight = new ArrayDeque<>();
        private FerrySession session;

        void run() {
            try {
                while (fill()) {
                    Exchange next = inFlight.poll();
                    try {
                        session.flush();
                        switch (next.receive(session)) {
                            case Exchange.Step.Done done -> {
                                bytes.addAndGet(done.bytes());
                                succeeded.incrementAndGet();
                            }
                            case Exchange.Step.Await await -> inFlight.add(await.next());
                            case Exchange.Step.Again again -> queue.addFirst(again.task());
                        }
                    } catch (ClientFailure e) {
                        if (!fail(next.task(), e)) {
                            return;
                        }
                    }
                }
            } finally {
                if (session != null) {
                    session.close();
                }
            }
        }

        /**
         * Sends requests until the window is full, the queue is empty, or the last request
         * holds the wire. False when there is nothing in flight and nothing left to send.
         */
        private boolean fill() {
            while (inFlight.size() < WINDOW && (inFlight.isEmpty() || !inFlight.peekLast().holdsWire())) {
                Task task = queue.poll();
                if (task == null) {
                    break;
                }
                try {
                    if (session == null) {
                        session = sessions.open();
                    }
                    inFlight.add(task.start(session));
                } catch (ClientFailure e) {
                    if (!fail(task, e)) {
                        return false;
                    }
                }
            }
            return !inFlight.isEmpty();
        }

        /** Records a failed file; false when no file can succeed any more (the login is refused). */
        private boolean fail(Task task, ClientFailure e) {
            failed.add(new Failed(task.name(), e));
            if (e.exitCode == ExitCode.AUTHENTICATION) {
                requeueInFlight();
                drain(e); // the same login will fail for every file
                return false;
            }
            if (session != null && e.brokeSession) {
                session.abort();
                session = null;
                requeueInFlight();
            }
            return true;
        }

        /** The answers to these will never come: their files go back to the front of the queue, in order. */
        private void requeueInFlight() {
            for (Iterator<Exchange> it = inFlight.descendingIterator(); it.hasNext(); ) {
                Exchange lost = it.next();
                lost.abandon();
                queue.addFirst(lost.task());
            }
            inFlight.clear();
        }
    }

    private void drain(ClientFailure cause) {
        Task task;
        while ((task = queue.poll()) != null) {
            failed.add(new Failed(task.name(), cause));
        }
    }
}
