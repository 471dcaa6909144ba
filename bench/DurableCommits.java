import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * C upload's other floor: what the disk alone asks of a durable small upload, with no client,
 * no network and no protocol. Per file, the steps of Ferry's commit (PROTOCOL.md §3,
 * Uploads): the bytes written to a new file in a partials directory, that file's data forced
 * to disk, the file linked under its name in the target directory, the partial's name
 * removed, the target directory forced to disk. As many threads as C's client has
 * connections (8), platform threads, the files' bytes already in memory, and one untimed
 * pass of the same files first (into WORK_DIR/warm-up) so that the timed one runs compiled
 * code, as a warm server does. Not a server: a measuring tool that bench/run.sh times next
 * to C.
 *
 *   javac -d DIR bench/DurableCommits.java bench/Workers.java && java -cp DIR DurableCommits SOURCE_DIR WORK_DIR
 *
 * Commits every regular file of SOURCE_DIR into WORK_DIR/tree (WORK_DIR must not exist; its
 * parent must be on the disk that the server's data is on), then prints one line:
 * "files=N seconds=S cpu=C", the wall and process CPU seconds of the commits alone (the JVM's
 * start excluded). Exits 1 on any failure.
 */
public class DurableCommits {
    private static final int THREADS = 8;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[1]);
        Path partials = Files.createDirectories(work.resolve("partials"));
        Path warmUp = Files.createDirectories(work.resolve("warm-up"));
        Path tree = Files.createDirectories(work.resolve("tree"));
        for (Path directory : List.of(partials, warmUp, tree, work)) {
            forceDirectory(directory);
        }
        List<Source> sources = new ArrayList<>();
        try (var listing = Files.list(Path.of(args[0]))) {
            for (Path file : listing.filter(Files::isRegularFile).sorted().toList()) {
                sources.add(new Source(file.getFileName().toString(), Files.readAllBytes(file)));
            }
        }
        commitAll(sources, partials, warmUp);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        commitAll(sources, partials, tree);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        System.out.printf("files=%d seconds=%.4f cpu=%.3f%n", sources.size(), (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
    }

    /**
     * Commits every source into {@code tree}, an existing directory, from {@value #THREADS}
     * threads; exits 1 on a failure.
     */
    private static void commitAll(List<Source> sources, Path partials, Path tree) throws Exception {
        ConcurrentLinkedQueue<Source> files = new ConcurrentLinkedQueue<>(sources);
        Workers.runOrExit(THREADS, () -> {
            for (Source next = files.poll(); next != null; next = files.poll()) {
                commit(next, partials, tree);
            }
        });
    }

    private record Source(String name, byte[] bytes) {
    }

    private static void commit(Source source, Path partials, Path tree) throws IOException {
        Path partial = partials.resolve(source.name() + ".partial");
        try (FileChannel file = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(source.bytes());
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
            file.force(true);
        }
        Files.createLink(tree.resolve(source.name()), partial);
        Files.delete(partial);
        forceDirectory(tree);
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
