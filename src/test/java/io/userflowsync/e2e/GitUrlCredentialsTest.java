package io.userflowsync.e2e;

import io.userflowsync.source.LogCapture;
import io.userflowsync.source.TestRemote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token in a Git URL's query (GitLab's {@code ?private_token=}, say) is refused before anything prints, logs or
 * stores the URL (issue 6 item 4): the token appears in no output, no log line and no file of the work directory.
 */
class GitUrlCredentialsTest {
    private static final String TOKEN = "glpat-QueryT0ken-DoNotLeak-9x8y";

    @TempDir
    Path tmp;
    private TestRemote remote;
    private TestTenant t;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        remote = TestRemote.create(tmp, "identity-config");
        remote.commit("Bind partner checks", Map.of("flows.yaml", ReconcileCommandsTest.DESIRED));
        t = TestTenant.demoLike();
    }

    @AfterEach
    void stop() {
        t.close();
        remote.close();
        logs.close();
    }

    @Test
    void aTokenInTheQueryOfTheGitUrlIsRefusedAndAppearsNowhere() throws IOException {
        String url = remote.fileUrl() + "?private_token=" + TOKEN;
        Path workDir = tmp.resolve("work");
        StringBuilder printed = new StringBuilder();

        for (String command : new String[] {"validate", "plan", "apply"}) {
            TestTenant.Result result = t.run(command, "--git", url, "--set", "sync.git.work-dir=" + workDir, "--verbose");
            printed.append(result.all());

            assertThat(result.exitCode()).as(command + ": " + result.all()).isEqualTo(1);
            assertThat(result.err()).as(command).contains("error: Git URL").contains("query")
                    .doesNotContain("Exception");
        }

        assertThat(printed.toString()).doesNotContain(TOKEN);
        assertThat(logs.text()).doesNotContain(TOKEN);
        assertThat(filesContaining(workDir, TOKEN)).isEmpty();
        assertThat(t.writes()).isEmpty();
    }

    private static java.util.List<Path> filesContaining(Path dir, String text) throws IOException {
        if (!Files.exists(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
