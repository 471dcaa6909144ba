package dev.ferry.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs file transfers on up to N connections at once. Each worker logs in once and takes
 * files from a shared queue; after a failure inside a transfer it reconnects (the stream may
 * be out of step), so one bad file never takes the others down.
 */
final class TransferRunner {
    /** One file to move: {@code name} is what messages and progress call it. */
    interface Task {
        String name();

        long run(FerrySession session) throws ClientFailure;
    }

    /** A file that failed, and why. */
    record Failed(String name, ClientFailure failure) {
    }

    record Result(int succeeded, long bytes, List<Failed> failed) {
    }

    interface SessionFactory {
        FerrySession open() throws ClientFailure;
    }

    private TransferRunner() {
    }

    static Result run(List<? extends Task> tasks, int parallel, SessionFactory sessions) {
        ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>(tasks);
        List<Failed> failed = Collections.synchronizedList(new ArrayList<>());
        AtomicLong bytes = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        int workers = Math.max(1, Math.min(parallel, tasks.size()));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().name("ferry-transfer-" + i).start(() -> work(queue, sessions, failed, bytes, succeeded)));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Result((int) succeeded.get(), bytes.get(), List.copyOf(failed));
    }

    private static void work(ConcurrentLinkedQueue<Task> queue, SessionFactory sessions, List<Failed> failed,
                             AtomicLong bytes, AtomicLong succeeded) {
        FerrySession session = null;
        try {
            Task task;
            while ((task = queue.poll()) != null) {
                try {
                    if (session == null) {
                        session = sessions.open();
                    }
                    bytes.addAndGet(task.run(session));
                    succeeded.incrementAndGet();
                } catch (ClientFailure e) {
                    failed.add(new Failed(task.name(), e));
                    if (e.exitCode == ExitCode.AUTHENTICATION) {
                        drain(queue, failed, e); // the same login will fail for every file
                        return;
                    }
                    if (session != null && e.brokeSession) {
                        session.abort();
                        session = null;
                    }
                }
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private static void drain(ConcurrentLinkedQueue<Task> queue, List<Failed> failed, ClientFailure cause) {
        Task task;
        while ((task = queue.poll()) != null) {
            failed.add(new Failed(task.name(), cause));
        }
    }
}
