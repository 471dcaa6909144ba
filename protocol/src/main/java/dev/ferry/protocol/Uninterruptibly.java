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
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts {@code element} into {@code queue}, waiting for room. */
    public static <E> void put(BlockingQueue<E> queue, E element) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(element);
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
