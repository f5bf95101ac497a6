package io.userflowsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden payloads under src/test/resources/notify/. {@code -Dnotify.golden.update=true} rewrites them from what the
 * code renders now (then read the diff before committing it).
 */
public final class Goldens {
    public static final Path DIR = Path.of("src/test/resources/notify");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Goldens() {
    }

    public static void assertMatches(String name, JsonNode actual) throws IOException {
        Path file = DIR.resolve(name + ".json");
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
        if (Boolean.getBoolean("notify.golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, pretty, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file " + file).exists();
        // compared as parsed text, so a count that is a long in the tree equals the same number read from the file
        assertThat(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))).as(name)
                .isEqualTo(JSON.readTree(pretty));
    }

    public static JsonNode parse(String body) throws IOException {
        return JSON.readTree(body);
    }
}
