package io.userflowsync.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The work dir's record of what the agent last sent for each managed connector ({@value #FILE}): the connector id
 * each key became and the fingerprint of the password sent. It survives restarts, so an unchanged secret is never
 * sent again (issue 9, item 1). Losing it costs one re-send of every secret, nothing else.
 */
public final class SentRecords {
    static final String FILE = "connectors-sent.json";
    /** The same record for custom authentication extensions: the id each key became (they have no secret). */
    public static final String EXTENSIONS_FILE = "extensions-sent.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public SentRecords(Path workDir) {
        this(workDir, FILE);
    }

    public SentRecords(Path workDir, String fileName) {
        this.file = workDir.resolve(fileName);
    }

    /** By key; empty when nothing was sent yet. */
    public Map<String, SentRecord> load() {
        Map<String, SentRecord> records = new TreeMap<>();
        if (!Files.exists(file)) {
            return records;
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("connectors").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode value = entry.getValue();
                if (value.path("id").isTextual()) {
                    records.put(entry.getKey(), new SentRecord(value.get("id").asText(),
                            Optional.ofNullable(value.get("password")).filter(JsonNode::isTextual)
                                    .map(JsonNode::asText)));
                }
            }
            return records;
        } catch (IOException e) {
            // Unreadable is the same as absent: every secret is sent once more, which is safe.
            return records;
        }
    }

    /** Replaces the record atomically, so a crash leaves the old one or the new one, never half of one. */
    public void save(Map<String, SentRecord> records) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode connectors = root.putObject("connectors");
        new TreeMap<>(records).forEach((key, record) -> {
            ObjectNode node = connectors.putObject(key);
            node.put("id", record.connectorId());
            record.passwordFingerprint().ifPresent(f -> node.put("password", f));
        });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
