package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The commands are declared in code (CommandSpecs), and picocli never reads the client's
 * classes for annotations: an {@code @Option} added to a field would be silently ignored.
 */
class CommandSpecsTest {
    @Test
    void noClientClassCarriesPicocliAnnotations() throws Exception {
        Path classes = Path.of(ClientMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/ferry/client");
        List<String> annotated = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString();
                Class<?> type = Class.forName("dev.ferry.client." + name.substring(0, name.length() - ".class".length()));
                checked++;
                List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
                elements.addAll(List.of(type.getDeclaredFields()));
                elements.addAll(List.of(type.getDeclaredMethods()));
                for (AnnotatedElement element : elements) {
                    for (Annotation annotation : element.getDeclaredAnnotations()) {
                        if (annotation.annotationType().getName().startsWith("picocli.")) {
                            annotated.add(element + ": " + annotation);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 20, "found only " + checked + " classes under " + classes);
        assertEquals(List.of(), annotated, "declare options in CommandSpecs; picocli does not read these");
    }
}
