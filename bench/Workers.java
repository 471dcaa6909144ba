import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the bench's many-threaded floors (MinimalUpload, StackUpload, DurableCommits) share:
 * one task run on several platform threads at once, all of them awaited, and the first
 * failure reported as the exit status. bench/run.sh compiles it with each of them.
 */
final class Workers {
    private Workers() {
    }

    /** A piece of work that may fail with any exception. */
    interface Task {
        void run() throws Exception;
    }

    /** Runs {@code task} on {@code count} threads and waits for them all; on any failure prints the first and exits 1. */
    static void runOrExit(int count, Task task) throws InterruptedException {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            failures.get(0).printStackTrace();
            System.exit(1);
        }
    }
}
