package io.userflowsync.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the {@link ScanCursor} in one JSON file ({@code scan-cursor.json} in the state directory, or in the shared
 * directory of {@code sync.ha=file} so the next leader continues where the last one stopped). Replaced atomically
 * (written aside, then renamed), so a crash leaves the previous cursor. A file that cannot be read is reported and
 * treated as no cursor: the next run is a full pass, which is safe, only slower.
 */
public final class ScanStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path file;

    public ScanStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The saved cursor; empty when there is none or it cannot be read ({@code problem} is told why). */
    public Optional<ScanCursor> load(java.util.function.Consumer<String> problem) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8))));
        } catch (IOException | RuntimeException e) {
            problem.accept("the scan cursor " + file + " cannot be read (" + e.getMessage()
                    + "); the next run is a full pass");
            return Optional.empty();
        }
    }

    public void save(ScanCursor cursor) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(cursor)) + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static ObjectNode json(ScanCursor cursor) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", VERSION);
        cursor.appliedCommit().ifPresent(c -> node.put("appliedCommit", c));
        node.put("rules", cursor.rules());
        node.put("after", cursor.after());
        node.put("sweepStartedAt", cursor.sweepStartedAt().toString());
        cursor.lastSweepStartedAt().ifPresent(t -> node.put("lastSweepStartedAt", t.toString()));
        cursor.lastSweepEndedAt().ifPresent(t -> node.put("lastSweepEndedAt", t.toString()));
        cursor.pass().ifPresent(p -> node.put("pass", p));
        ids(node.putArray("retry"), cursor.retry());
        ids(node.putArray("drifted"), cursor.drifted());
        ids(node.putArray("held"), cursor.held());
        return node;
    }

    static ScanCursor parse(JsonNode node) {
        if (node.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("version " + node.path("version") + " is not " + VERSION);
        }
        return new ScanCursor(text(node, "appliedCommit"), required(node, "rules"), required(node, "after"),
                instant(node, "sweepStartedAt").orElseThrow(() -> new IllegalArgumentException("no sweepStartedAt")),
                instant(node, "lastSweepStartedAt"), instant(node, "lastSweepEndedAt"), text(node, "pass"),
                ids(node, "retry"), ids(node, "drifted"), ids(node, "held"));
    }

    private static void ids(ArrayNode array, Set<String> ids) {
        ids.forEach(array::add);
    }

    private static Set<String> ids(JsonNode node, String key) {
        Set<String> ids = new TreeSet<>();
        node.path(key).forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static Optional<String> text(JsonNode node, String key) {
        return node.hasNonNull(key) ? Optional.of(node.get(key).asText()) : Optional.empty();
    }

    private static String required(JsonNode node, String key) {
        return text(node, key).orElseThrow(() -> new IllegalArgumentException("no " + key));
    }

    private static Optional<Instant> instant(JsonNode node, String key) {
        try {
            return text(node, key).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not a time: " + node.get(key));
        }
    }
}
