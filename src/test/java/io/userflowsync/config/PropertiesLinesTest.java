package io.userflowsync.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesLinesTest {
    @Test
    void eachKeyIsPlacedOnTheLineItStartsOnAsPropertiesReadsIt() {
        String text = String.join("\n",
                "# a comment ending in a backslash does not continue \\",
                "sync.policy = upsert-only",
                "sync.schedule = 0 0/5 \\",
                "    * * * ?",
                "  graph.endpoint:https://graph.microsoft.us",
                "sync.git.url\thttps://example.invalid/repo.git",
                "odd\\=key = value",
                "! another comment",
                "sync.git.ref=main\r\nsync.git.path=tenants");

        assertThat(PropertiesLines.entries(text)).containsExactly(
                new PropertiesLines.Entry("sync.policy", 2),
                new PropertiesLines.Entry("sync.schedule", 3),
                new PropertiesLines.Entry("graph.endpoint", 5),
                new PropertiesLines.Entry("sync.git.url", 6),
                new PropertiesLines.Entry("odd=key", 7),
                new PropertiesLines.Entry("sync.git.ref", 9),
                new PropertiesLines.Entry("sync.git.path", 10));
    }
}
