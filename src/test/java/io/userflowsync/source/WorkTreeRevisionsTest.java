package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.model.DesiredState;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A desired-state folder in a Git work tree, read at an earlier commit ({@code plan --changed-since}). */
class WorkTreeRevisionsTest {
    @TempDir
    Path tmp;

    @Test
    void theFolderIsReadAsItWasAtAnEarlierCommitAndAnUnknownRevisionIsNamed() throws Exception {
        Path file = tmp.resolve("repo/tenants/prod/flows.yaml");
        Files.createDirectories(file.getParent());
        try (Git git = Git.init().setInitialBranch("main").setDirectory(tmp.resolve("repo").toFile()).call()) {
            Files.writeString(file, "userFlows:\n  B2X_1_old:\n    postFederationSignup: null\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("old").setAuthor("dev", "dev@example.com").setSign(false).call();
            Files.writeString(file, "userFlows:\n  B2X_1_new:\n    postFederationSignup: null\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("new").setAuthor("dev", "dev@example.com").setSign(false).call();
        }
        FolderDesiredSource source = new FolderDesiredSource(file, new DesiredStateLoader(false));

        Optional<DesiredState> before = source.loadAt("HEAD~1");

        assertThat(before).hasValueSatisfying(d -> assertThat(d.flows()).singleElement()
                .satisfies(f -> assertThat(f.flowId()).isEqualTo("B2X_1_old")));
        assertThatThrownBy(() -> source.loadAt("no-such-branch")).isInstanceOf(GitSourceException.class)
                .hasMessageContaining("no-such-branch");
    }
}
