package io.userflowsync.source;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a new revision descends from the last applied one, asked of a shallow clone as the daemon keeps it. */
class GitMirrorAncestryTest {
    @TempDir
    Path tmp;
    private TestRemote remote;

    @BeforeEach
    void create() throws Exception {
        remote = TestRemote.create(tmp, "config");
    }

    @AfterEach
    void close() {
        remote.close();
    }

    @Test
    void aCommitOnTopOfTheLastAppliedOneDescendsFromItEvenInAShallowClone() throws Exception {
        RevCommit applied = remote.commit("first", Map.of("flows.yaml", "userFlows: {}\n"));
        try (GitMirror mirror = new GitMirror(GitSettings.of(remote.fileUrl(), tmp.resolve("work")))) {
            mirror.fetch();
            mirror.keepHistoryFrom(applied.name());
            remote.commit("second", Map.of("flows.yaml", "userFlows: {}\n# two\n"));
            RevCommit newest = remote.commit("third", Map.of("flows.yaml", "userFlows: {}\n# three\n"));
            mirror.fetch();

            assertThat(mirror.descends(newest.name(), applied.name())).contains(true);
        }
    }

    @Test
    void aForcePushToOtherHistoryDoesNotDescend() throws Exception {
        RevCommit base = remote.commit("base", Map.of("flows.yaml", "userFlows: {}\n"));
        RevCommit applied = remote.commit("applied", Map.of("flows.yaml", "userFlows: {}\n# applied\n"));
        try (GitMirror mirror = new GitMirror(GitSettings.of(remote.fileUrl(), tmp.resolve("work")))) {
            mirror.fetch();
            mirror.keepHistoryFrom(applied.name());
            RevCommit rewritten = remote.forcePush(base, "rewritten", Map.of("flows.yaml", "userFlows: {}\n# new\n"));
            mirror.fetch();

            assertThat(mirror.descends(rewritten.name(), applied.name())).contains(false);
        }
    }

    @Test
    void aShallowCloneFetchedWithoutThatHistoryCannotTellAndSaysSo() throws Exception {
        RevCommit applied = remote.commit("first", Map.of("flows.yaml", "userFlows: {}\n"));
        try (GitMirror mirror = new GitMirror(GitSettings.of(remote.fileUrl(), tmp.resolve("work")))) {
            mirror.fetch();
            remote.commit("second", Map.of("flows.yaml", "userFlows: {}\n# two\n"));
            RevCommit newest = remote.commit("third", Map.of("flows.yaml", "userFlows: {}\n# three\n"));
            mirror.fetch();

            assertThat(mirror.descends(newest.name(), applied.name())).isEmpty();
        }
    }
}
