package dev.ferry.protocol;

import java.util.concurrent.BlockingQueue;

/**
 * Waits that an interrupt must not cut short, such as a close() waiting for the thread that
 * writes a file: the wait goes on, and the interrupt is set again for the caller afterwards.
 */
public final class Uninterruptibly {
    private Uninterruptibly() {
    }

    /** Waits for {@code thread} to end. */
    public static void join(Thread thread) {
        await(thread::join);
    }

    /** Puts {@code element} into {@code queue}, waiting for room. */
    public static <E> void put(BlockingQueue<E> queue, E element) {
        await(() -> queue.put(element));
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    private static void await(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
