package dev.ferry.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first start with no users creates one, so a fresh install works with no set-up:
 * {@code FERRY_INIT_USER}/{@code FERRY_INIT_PASSWORD} (or their {@code _FILE} variants, for
 * container secrets) when set, else {@code admin} with a generated password printed once.
 */
final class InitialUser {
    private InitialUser() {
    }

    static void createIfNoUsers(ServerConfig config, PrintStream out) throws IOException {
        UserStore store = new UserStore(config.usersFile());
        if (!store.all().isEmpty()) {
            return;
        }
        String name = fromEnv("FERRY_INIT_USER");
        String password = fromEnv("FERRY_INIT_PASSWORD");
        boolean generated = password == null;
        if (name == null) {
            name = "admin";
        }
        if (!UserCommands.isValidName(name)) {
            throw new IllegalArgumentException("FERRY_INIT_USER '" + name + "' is not a valid user name "
                    + "(1-64 of A-Z a-z 0-9 . _ -, not starting with '.')");
        }
        if (generated) {
            password = Passwords.generate();
        }
        User user = new User(name, Passwords.credentials(password, config.limits().iterations()), null, false);
        store.update(users -> {
            users.putIfAbsent(user.name(), user);
            return users;
        });
        Files.createDirectories(config.homesDir().resolve(name));
        if (generated) {
            out.println("ftp-server: created user '" + name + "' with password: " + password);
            out.println("ftp-server: (shown once; change it with 'ftp-server user passwd " + name + " --data " + config.dataDir() + "')");
        } else {
            out.println("ftp-server: created user '" + name + "' with the password from FERRY_INIT_PASSWORD");
        }
        out.flush();
    }

    /** VAR, or the first line of the file named by VAR_FILE (for container secrets). */
    static String fromEnv(String name) throws IOException {
        String value = System.getenv(name);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        String file = System.getenv(name + "_FILE");
        if (file != null && !file.isEmpty()) {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            int newline = content.indexOf('\n');
            return (newline < 0 ? content : content.substring(0, newline)).stripTrailing();
        }
        return null;
    }
}
