package io.userflowsync.source;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mirror of a Git remote (fetch, refs, snapshots) against real repositories over file://. */
class GitMirrorTest {
    @TempDir
    Path tmp;
    private TestRemote remote;

    @BeforeEach
    void createRemote() throws Exception {
        remote = TestRemote.create(tmp, "desired");
    }

    @AfterEach
    void closeRemote() {
        remote.close();
    }

    private GitSettings settings() {
        return GitSettings.of(remote.fileUrl(), tmp.resolve("work"));
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void clonesOnceThenPicksUpANewCommit() throws Exception {
        RevCommit first = remote.commit("Bind partner check\n\nlonger body", Map.of("flows.yaml", "userFlows:\n  B2X_1_a: {}\n"));
        try (GitMirror source = new GitMirror(settings())) {
            RevisionSnapshot one = source.fetch();
            assertThat(one.revision().commitId()).contains(first.name());
            assertThat(one.revision().subject()).contains("Bind partner check");
            assertThat(one.revision().authorTime()).contains(Instant.ofEpochSecond(first.getAuthorIdent().getWhenAsInstant().getEpochSecond()));
            assertThat(one.revision().location()).isEqualTo(remote.fileUrl());
            assertThat(one.shownAs()).isEqualTo(".");
            assertThat(read(one.root().resolve("flows.yaml"))).contains("B2X_1_a");

            RevCommit second = remote.commit("Add flow b", Map.of("flows.yaml", "userFlows:\n  B2X_1_b: {}\n"));
            RevisionSnapshot two = source.fetch();
            assertThat(two.revision().commitId()).contains(second.name());
            assertThat(read(two.root().resolve("flows.yaml"))).contains("B2X_1_b");
            // the earlier snapshot is untouched: a reader of it never sees the new content
            assertThat(read(one.root().resolve("flows.yaml"))).contains("B2X_1_a");
        }
        assertThat(tmp.resolve("work/repo.git/HEAD")).exists();
        assertThat(tmp.resolve("work/repo.git/shallow")).as("depth 1 by default").exists();
    }

    @Test
    void followsAForcePush() throws Exception {
        RevCommit base = remote.commit("base", Map.of("flows.yaml", "userFlows:\n  base: {}\n"));
        remote.commit("to be rewritten", Map.of("flows.yaml", "userFlows:\n  gone: {}\n"));
        try (GitMirror source = new GitMirror(settings())) {
            assertThat(read(source.fetch().root().resolve("flows.yaml"))).contains("gone");
            RevCommit rewritten = remote.forcePush(base, "rewritten", Map.of("flows.yaml", "userFlows:\n  rewritten: {}\n"));
            RevisionSnapshot after = source.fetch();
            assertThat(after.revision().commitId()).contains(rewritten.name());
            assertThat(read(after.root().resolve("flows.yaml"))).contains("rewritten").doesNotContain("gone");
        }
    }

    @Test
    void tagPinIgnoresNewCommitsOnTheBranch() throws Exception {
        RevCommit released = remote.commit("release", Map.of("flows.yaml", "userFlows:\n  released: {}\n"));
        remote.annotatedTag("v1.0", released);
        remote.commit("work in progress", Map.of("flows.yaml", "userFlows:\n  wip: {}\n"));
        try (GitMirror source = new GitMirror(settings().withRef("v1.0"))) {
            assertThat(source.fetch().revision().commitId()).contains(released.name());
            remote.commit("more work", Map.of("flows.yaml", "userFlows:\n  wip2: {}\n"));
            RevisionSnapshot again = source.fetch();
            assertThat(again.revision().commitId()).contains(released.name());
            assertThat(read(again.root().resolve("flows.yaml"))).contains("released");
        }
    }

    @Test
    void commitPinByFullAndShortIdIgnoresNewCommits() throws Exception {
        RevCommit pinned = remote.commit("pinned", Map.of("flows.yaml", "userFlows:\n  pinned: {}\n"));
        remote.commit("later", Map.of("flows.yaml", "userFlows:\n  later: {}\n"));
        try (GitMirror full = new GitMirror(settings().withRef(pinned.name()))) {
            assertThat(full.fetch().revision().commitId()).contains(pinned.name());
            remote.commit("even later", Map.of("flows.yaml", "userFlows:\n  evenLater: {}\n"));
            assertThat(full.fetch().revision().commitId()).contains(pinned.name());
        }
        GitSettings shortPin = settings().withRef(pinned.name().substring(0, 10))
                .withWorkDir(tmp.resolve("work-short"));
        try (GitMirror abbreviated = new GitMirror(shortPin)) {
            RevisionSnapshot snapshot = abbreviated.fetch();
            assertThat(snapshot.revision().commitId()).contains(pinned.name());
            assertThat(read(snapshot.root().resolve("flows.yaml"))).contains("pinned");
        }
    }

    @Test
    void branchRefAndDefaultBranch() throws Exception {
        RevCommit onMain = remote.commit("main", Map.of("flows.yaml", "userFlows:\n  main: {}\n"));
        remote.branch("staging", onMain);
        RevCommit onMainLater = remote.commit("main later", Map.of("flows.yaml", "userFlows:\n  later: {}\n"));
        try (GitMirror staging = new GitMirror(settings().withRef("staging"))) {
            assertThat(staging.fetch().revision().commitId()).contains(onMain.name());
        }
        try (GitMirror byFullName = new GitMirror(settings().withRef("refs/heads/main")
                .withWorkDir(tmp.resolve("work2")))) {
            assertThat(byFullName.fetch().revision().commitId()).contains(onMainLater.name());
        }
    }

    @Test
    void unknownRefIsAClearError() throws Exception {
        remote.commit("main", Map.of("flows.yaml", "userFlows:\n"));
        try (GitMirror source = new GitMirror(settings().withRef("no-such-branch"))) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.REF_NOT_FOUND))
                    .hasMessageContaining("'no-such-branch' is neither a tag nor a branch");
        }
    }

    @Test
    void subFolderAndSingleFilePaths() throws Exception {
        remote.commit("layout", Map.of(
                "tenants/prod/flows.yaml", "userFlows:\n  prod: {}\n",
                "tenants/prod/more/extra.yaml", "extra\n",
                "tenants/test/flows.yaml", "userFlows:\n  test: {}\n",
                "README.md", "hello\n"));
        try (GitMirror folder = new GitMirror(settings().withPath("/tenants/prod/"))) {
            RevisionSnapshot snapshot = folder.fetch();
            assertThat(snapshot.shownAs()).isEqualTo("tenants/prod");
            assertThat(snapshot.revision().location()).isEqualTo(remote.fileUrl().replaceAll("/$", "") + "//tenants/prod");
            assertThat(read(snapshot.root().resolve("flows.yaml"))).contains("prod");
            try (Stream<Path> all = Files.walk(snapshot.root())) {
                assertThat(all.filter(Files::isRegularFile).map(p -> snapshot.root().relativize(p).toString()))
                        .as("only what the loader reads: not the subfolder").containsExactly("flows.yaml");
            }
            assertThat(snapshot.root().getParent().getParent().resolve("test")).doesNotExist();
        }
        try (GitMirror file = new GitMirror(settings().withPath("tenants/test/flows.yaml"))) {
            RevisionSnapshot snapshot = file.fetch();
            assertThat(snapshot.root()).isRegularFile();
            assertThat(read(snapshot.root())).contains("test");
            assertThat(snapshot.shownAs()).isEqualTo("tenants/test/flows.yaml");
        }
    }

    @Test
    void missingPathIsAClearErrorNamingTheRevision() throws Exception {
        RevCommit commit = remote.commit("no config here", Map.of("README.md", "hello\n"));
        try (GitMirror source = new GitMirror(settings().withPath("config"))) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GitSourceException.Kind.PATH_NOT_IN_REVISION);
                        assertThat(e.revision().flatMap(r -> r.commitId())).contains(commit.name());
                    })
                    .hasMessageContaining("path 'config' does not exist in")
                    .hasMessageContaining(commit.name().substring(0, 12));
        }
        // no half-written snapshot is left behind
        try (Stream<Path> left = Files.list(tmp.resolve("work/snapshots"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void unreachableRemoteIsAClearError() throws Exception {
        GitSettings nowhere = GitSettings.of(tmp.resolve("no-such-repo.git").toUri().toString(), tmp.resolve("work"));
        try (GitMirror source = new GitMirror(nowhere)) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.UNREACHABLE))
                    .hasMessageContaining("no-such-repo.git");
        }
    }

    @Test
    void keepsOnlyTheLastFewSnapshots() throws Exception {
        try (GitMirror source = new GitMirror(settings())) {
            RevisionSnapshot last = null;
            for (int i = 0; i < 6; i++) {
                remote.commit("change " + i, Map.of("flows.yaml", "userFlows:\n  f" + i + ": {}\n"));
                last = source.fetch();
            }
            try (Stream<Path> left = Files.list(tmp.resolve("work/snapshots"))) {
                assertThat(left).hasSize(SnapshotStore.KEEP_SNAPSHOTS);
            }
            assertThat(read(last.root().resolve("flows.yaml"))).contains("f5");
        }
    }

    @Test
    void fullCloneWhenShallowIsOff() throws Exception {
        remote.commit("one", Map.of("flows.yaml", "userFlows:\n  one: {}\n"));
        RevCommit two = remote.commit("two", Map.of("flows.yaml", "userFlows:\n  two: {}\n"));
        try (GitMirror source = new GitMirror(settings().withShallow(false))) {
            assertThat(source.fetch().revision().commitId()).contains(two.name());
        }
        assertThat(tmp.resolve("work/repo.git/shallow")).doesNotExist();
    }

    @Test
    void emptyRemoteHasNoDefaultBranch() {
        try (GitMirror source = new GitMirror(settings())) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitSourceException.class)
                    .hasMessageContaining("has no default branch");
        }
    }


    @Test
    void concurrentFetchesIntoOneWorkDirectoryAgree() throws Exception {
        RevCommit commit = remote.commit("one", Map.of("flows.yaml", "userFlows:\n  one: {}\n"));
        try (GitMirror a = new GitMirror(settings()); GitMirror b = new GitMirror(settings())) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.List<java.util.concurrent.Future<RevisionSnapshot>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    results.add(pool.submit(a::fetch));
                    results.add(pool.submit(b::fetch));
                }
                for (java.util.concurrent.Future<RevisionSnapshot> r : results) {
                    RevisionSnapshot snapshot = r.get();
                    assertThat(snapshot.revision().commitId()).contains(commit.name());
                    assertThat(read(snapshot.root().resolve("flows.yaml"))).contains("one");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
