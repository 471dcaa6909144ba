package dev.ferry.e2e;

import com.github.dockerjava.api.DockerClient;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;

/** Shared test constants and volume bookkeeping. */
final class Images {
    static final String PASSWORD = "e2e-password-" + UUID.randomUUID();

    private Images() {
    }

    static String newVolume() {
        String name = "ferry-e2e-" + UUID.randomUUID();
        docker().createVolumeCmd().withName(name).exec();
        return name;
    }

    static void removeVolume(String name) {
        try {
            docker().removeVolumeCmd(name).exec();
        } catch (RuntimeException ignored) {
            // still in use by a container being removed, or already gone
        }
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
