package dev.ferry.e2e;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/** The real server image, built from docker/Dockerfile, with /data on a named volume. */
final class FerryContainer extends GenericContainer<FerryContainer> {
    static final int PORT = 2121;
    static final Path ROOT = Path.of(System.getProperty("ferry.root", "..")).toAbsolutePath().normalize();
    private static final ImageFromDockerfile IMAGE = buildImage();

    private static ImageFromDockerfile buildImage() {
        Path jar = ROOT.resolve("ftp-server/target/ftp-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build the server first (bin/build)");
        }
        // Files are added one by one: withDockerfile(Path) would replace the whole context.
        return new ImageFromDockerfile("ferry-e2e-server", true)
                .withFileFromPath("Dockerfile", ROOT.resolve("docker/Dockerfile"))
                .withFileFromPath("ftp-server/target/ftp-server.jar", jar)
                .withFileFromPath("docker/ftp-server", ROOT.resolve("docker/ftp-server"))
                .withBuildArg("BASE_IMAGE", System.getProperty("ferry.baseImage", "ferry-base:latest"));
    }

    FerryContainer(String volume) {
        super(IMAGE);
        withExposedPorts(PORT);
        withEnv("FERRY_INIT_USER", "alice");
        withEnv("FERRY_INIT_PASSWORD", Images.PASSWORD);
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(volume, new Volume("/data"))));
        waitingFor(Wait.forLogMessage(".*ftp-server listening on .*\\n", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }

    int port() {
        return getMappedPort(PORT);
    }

    String healthStatus() {
        var health = getCurrentContainerInfo().getState().getHealth();
        return health == null ? "none" : health.getStatus();
    }

    /** docker stop: SIGTERM, then the server's graceful shutdown. */
    long dockerStop() {
        getDockerClient().stopContainerCmd(getContainerId()).withTimeout(30).exec();
        return getDockerClient().inspectContainerCmd(getContainerId()).exec().getState().getExitCodeLong();
    }

    /** Names of regular files under a directory inside the container. */
    String filesUnder(String dir) throws Exception {
        return execInContainer("find", dir, "-type", "f").getStdout();
    }
}
